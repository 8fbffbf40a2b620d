/** Lower case, accents removed, punctuation as spaces, simple plurals singular: what list matching compares. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map(singular)
    .join(' ');
}

function singular(word: string): string {
  if (word.length <= 2 || word.endsWith('ss')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Whether `phrase` appears in `text` as whole words (both normalised). */
export function containsPhrase(text: string, phrase: string): boolean {
  if (!phrase) return false;
  return ` ${text} `.includes(` ${phrase} `);
}

/** An answer's items: split on commas, semicolons, slashes, new lines and "and"/"or" (also y, e, et, und). */
export function listItems(text: string): string[] {
  return text
    .split(/[,;/\n•]/)
    .flatMap((part) =>
      part
        .split(/[ \t]/)
        .filter(Boolean)
        .join(' ')
        .split(/ (?:and|or|&|plus|y|e|et|und) /i),
    )
    .map((s) => s.replace(/^[\s*-]+/, '').trim())
    .filter(Boolean);
}
