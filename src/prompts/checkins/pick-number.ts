/** A mentee's pick: the number on the first non-empty line ("2", "#2", "2.", "Option 2"), and what follows. */
export function parsePick(text: string): { n: number; rest: string } | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const match = /^(?:#|no\.?|nr\.?|option|number|time)?\s?(\d{1,2})\s?[.)!]?$/i.exec(lines[first].trim());
  if (!match) return null;
  return {
    n: Number(match[1]),
    rest: lines
      .slice(first + 1)
      .join('\n')
      .trim(),
  };
}
