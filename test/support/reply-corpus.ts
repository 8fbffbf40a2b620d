import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { sharedDir } from './shared-dir';

/**
 * The shared reply corpus (../shared/corpus/replies beside the repository) and its scoring, as
 * shared/corpus/eval.mjs and POLICY.md define them: one loader for the corpus test and the
 * `bench:replies` comparison, so both always score the same way.
 */
export const REPLY_CORPUS_DIR = sharedDir('corpus/replies');

/** The held-out set (replies written for this project, never tuned against): same format and scoring. */
export const HELDOUT_REPLIES_DIR = path.resolve(__dirname, '../fixtures/replies-heldout');

export interface CorpusCase {
  id: string;
  /** The text part as mailparser gives it (the HTML rendered to text when there is none). */
  text: string;
  html: string | null;
  /** The expected reply and its accepted alternatives. */
  labels: string[];
}

export async function loadReplyCorpus(dir: string = REPLY_CORPUS_DIR): Promise<CorpusCase[]> {
  const files = readdirSync(dir);
  const ids = files
    .filter((f) => f.endsWith('.eml'))
    .map((f) => f.slice(0, -4))
    .sort();
  const cases: CorpusCase[] = [];
  for (const id of ids) {
    const parsed = await simpleParser(readFileSync(path.join(dir, `${id}.eml`)));
    const labels = files
      .filter((f) => f === `${id}.expected.txt` || (f.startsWith(`${id}.expected.alt`) && f.endsWith('.txt')))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    cases.push({ id, text: parsed.text ?? '', html: parsed.html || null, labels });
  }
  return cases;
}

function normExact(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/(?<![ \t])[ \t]+$/, ''))
    .join('\n')
    .trim();
}

function normWs(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Whether `got` matches a label exactly (line ends and trailing spaces aside) and up to whitespace. */
export function scoreReply(c: CorpusCase, got: string): { exact: boolean; normalized: boolean } {
  return {
    exact: c.labels.some((l) => normExact(l) === normExact(got)),
    normalized: c.labels.some((l) => normWs(l) === normWs(got)),
  };
}
