/**
 * Splits a reply's new text into answers by question number: "1. ...", "1) ...", "Q1: ...",
 * "#1 ...", "Question 1 - ..." start an answer that runs until the next; only numbers in
 * `valid` count, so "18-20 on Mondays" is not read as question 18. Without any numbered line,
 * the answers are read in order: one paragraph (or, in a single paragraph, one line) per
 * question in `inOrder` (a single line counts only when one question is open).
 */
export function splitAnswers(text: string, valid: number[], inOrder: number[]): Map<number, string> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const answers = new Map<number, string>();
  let current: number | null = null;
  let numbered = false;
  for (const line of lines) {
    const start = numberedStart(line);
    if (start && valid.includes(start.n) && !answers.has(start.n)) {
      numbered = true;
      current = start.n;
      answers.set(start.n, start.rest);
      continue;
    }
    if (current !== null) answers.set(current, `${answers.get(current)}\n${line}`);
  }
  if (numbered) {
    for (const [n, value] of answers) {
      const trimmed = value.trim();
      if (trimmed) answers.set(n, trimmed);
      else answers.delete(n);
    }
    return answers;
  }
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const pieces =
    paragraphs.length === 1 && inOrder.length > 1
      ? paragraphs[0]
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : paragraphs;
  // One line against several open questions is a remark ("Thanks, later!"), not the first answer.
  if (pieces.length < 2 && inOrder.length > 1) return answers;
  pieces.slice(0, inOrder.length).forEach((piece, i) => answers.set(inOrder[i], piece));
  return answers;
}

/** "Goals: my answer" when the person copied the question's label in front of their answer. */
export function withoutLabel(answer: string, label: string): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return answer.replace(new RegExp(`^\\s*${escaped}\\s*[:?\\-–]\\s*`, 'i'), '').trim();
}

/**
 * "1. x", "1) x", "Q1: x", "#1 x", "Question 1 - x": the number and the rest. Without a "Q" or
 * "#" the number needs punctuation after it, which must not lead into another number: "3-5pm"
 * and "1.5 hours" are answers, not numbers.
 */
function numberedStart(line: string): { n: number; rest: string } | null {
  const m = /^(q(?:uestion)? ?|# ?)?(\d{1,2}) ?([.):\-–])?/i.exec(line.trimStart());
  if (!m) return null;
  const rest = line.trimStart().slice(m[0].length);
  if (m[3] ? /^\d/.test(rest) : !m[1]) return null;
  return { n: Number(m[2]), rest: rest.trim() };
}
