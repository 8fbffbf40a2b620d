import { existsSync } from 'node:fs';
import { loadReplyCorpus, REPLY_CORPUS_DIR, scoreReply } from '../../../test/support/reply-corpus';
import { extractReply } from './extract-reply';

/**
 * The shared reply corpus (160 real replies, 21 languages) must keep passing at the rates the
 * product promises. The corpus lives in shared/ beside the repository (CI clones the repo
 * elsewhere with shared/ next to it); test/support/reply-corpus.ts finds and scores it.
 */
const MIN_NORMALIZED = 0.97;
const MIN_EXACT = 0.93;

describe('reply corpus', () => {
  it('meets the normalized and exact targets', async () => {
    expect(existsSync(REPLY_CORPUS_DIR)).toBe(true);
    const cases = await loadReplyCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(100);

    let exact = 0;
    let normalized = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const got = extractReply({ text: c.text, html: c.html ?? undefined }).reply;
      const scored = scoreReply(c, got);
      if (scored.exact) exact++;
      if (scored.normalized) normalized++;
      else failures.push(c.id);
    }
    const n = cases.length;
    // Printed so a regression names its cases.
    if (failures.length) console.log(`reply corpus failures: ${failures.join(', ')}`);
    expect(normalized / n).toBeGreaterThanOrEqual(MIN_NORMALIZED);
    expect(exact / n).toBeGreaterThanOrEqual(MIN_EXACT);
  }, 60_000);
});
