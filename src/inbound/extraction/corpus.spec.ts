import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { extractReply } from './extract-reply';

/**
 * The shared reply corpus (160 real replies, 21 languages) must keep passing at the rates the
 * product promises. The corpus lives in shared/ beside the repository (CI clones the repo
 * elsewhere with shared/ next to it), so resolve from the repository root's parent.
 */
const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/replies');
const MIN_NORMALIZED = 0.97;
const MIN_EXACT = 0.93;

// The same normalisations as shared/corpus/eval.mjs.
const normExact = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .trim();
const normWs = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe('reply corpus', () => {
  it('meets the normalized and exact targets', async () => {
    expect(existsSync(CORPUS)).toBe(true);
    const files = readdirSync(CORPUS);
    const ids = files.filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -4));
    expect(ids.length).toBeGreaterThanOrEqual(100);

    let exact = 0;
    let normalized = 0;
    const failures: string[] = [];
    for (const id of ids) {
      const parsed = await simpleParser(readFileSync(path.join(CORPUS, `${id}.eml`)));
      const got = extractReply({ text: parsed.text, html: parsed.html || undefined }).reply;
      const labels = files
        .filter(
          (f) => f === `${id}.expected.txt` || (f.startsWith(`${id}.expected.alt`) && f.endsWith('.txt')),
        )
        .map((f) => readFileSync(path.join(CORPUS, f), 'utf8'));
      if (labels.some((l) => normExact(l) === normExact(got))) exact++;
      if (labels.some((l) => normWs(l) === normWs(got))) normalized++;
      else failures.push(id);
    }
    const n = ids.length;
    // Printed so a regression names its cases.
    if (failures.length) console.log(`reply corpus failures: ${failures.join(', ')}`);
    expect(normalized / n).toBeGreaterThanOrEqual(MIN_NORMALIZED);
    expect(exact / n).toBeGreaterThanOrEqual(MIN_EXACT);
  }, 60_000);
});
