/** Lower case, letters and digits only, single spaces: "Spider-Man: Into..." -> "spider man into ...". */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// "2", "2.", "#2", "No. 2", "number 2", "film 2", "option 2" at the start of the first line.
const NUMBER_FIRST = /^(?:#|no\.?\s?|number\s|film\s|option\s)?([1-9])(?![0-9])/i;

/**
 * Which of the offered films a pick reply chose, as an index, or null: the film's number at the
 * start of the first non-empty line, else the title named earliest in the reply. A reply that
 * names none ("happy with anything!") chooses nothing rather than a guess.
 */
export function readFilmChoice(reply: string, titles: readonly string[]): number | null {
  const first =
    reply
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  const numbered = NUMBER_FIRST.exec(first);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    if (index < titles.length) return index;
  }
  const text = ` ${normalize(reply)} `;
  let best: { index: number; at: number; length: number } | null = null;
  titles.forEach((title, index) => {
    const wanted = normalize(title);
    if (!wanted) return;
    const at = text.indexOf(` ${wanted} `);
    // Earliest wins; at the same place the longer title ("Paddington 2" over "Paddington").
    if (at >= 0 && (!best || at < best.at || (at === best.at && wanted.length > best.length)))
      best = { index, at, length: wanted.length };
  });
  return best ? (best as { index: number }).index : null;
}
