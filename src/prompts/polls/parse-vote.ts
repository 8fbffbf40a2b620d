/**
 * The option a poll reply chooses, as a zero-based index, or null when the reply is anything
 * else (then it is relayed like any message). Accepted: the number ("2", "2.", "(2)"), the
 * option's text ("Pretty good"), or both when they agree ("2. Pretty good").
 */
export function parseVote(newText: string, options: readonly string[]): number | null {
  const text = normalise(newText);
  if (!text || text.includes('\n')) return null;
  const byNumber = (n: string) => {
    const i = Number(n) - 1;
    return Number.isInteger(i) && i >= 0 && i < options.length ? i : null;
  };
  const byLabel = (label: string) => {
    const i = options.findIndex((o) => normalise(o).toLowerCase() === label.toLowerCase());
    return i >= 0 ? i : null;
  };
  const numberOnly = /^\(?(\d{1,2})[.)]?$/.exec(text);
  if (numberOnly) return byNumber(numberOnly[1]);
  const both = /^\(?(\d{1,2})(?:\s*[.):-])?\s+(\S.*)$/.exec(text);
  if (both) {
    const n = byNumber(both[1]);
    return n !== null && n === byLabel(both[2]) ? n : null;
  }
  return byLabel(text);
}

function normalise(value: string): string {
  return value
    .trim()
    .replace(/[ \t]+/g, ' ')
    .replace(/(?<![.!])[.!]+$/, '')
    .trim();
}
