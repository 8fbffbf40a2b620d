/**
 * Splits a reply's new text into answers by question number: "1. ...", "1) ...", "Q1: ...",
 * "#1 ...", "Question 1 - ..." start an answer that runs until the next; only numbers in
 * `valid` count, so "18-20 on Mondays" is not read as question 18. Without any numbered line,
 * the answers are read in order: one paragraph (or, in a single paragraph, one line) per
 * question in `inOrder`.
 */
export function splitAnswers(text: string, valid: number[], inOrder: number[]): Map<number, string> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const answers = new Map<number, string>();
  let current: number | null = null;
  let numbered = false;
  // Punctuation after the number must not lead into another number: "3-5pm" and "1.5" are answers.
  const START =
    /^\s*(?:(?:q(?:uestion)?\s*|#\s*)(\d{1,2})\s*(?:[.):\-–](?!\d))?|(\d{1,2})\s*[.):\-–](?!\d))\s*(.*)$/i;
  for (const line of lines) {
    const m = START.exec(line);
    const n = m ? Number(m[1] ?? m[2]) : NaN;
    if (m && valid.includes(n) && !answers.has(n)) {
      numbered = true;
      current = n;
      answers.set(n, m[3]);
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
  pieces.slice(0, inOrder.length).forEach((piece, i) => answers.set(inOrder[i], piece));
  return answers;
}

/** "Goals: my answer" when the person copied the question's label in front of their answer. */
export function withoutLabel(answer: string, label: string): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return answer.replace(new RegExp(`^\\s*${escaped}\\s*[:?\\-–]\\s*`, 'i'), '').trim();
}
