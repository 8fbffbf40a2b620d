import { existsSync } from 'node:fs';
import {
  type CorpusCase,
  HELDOUT_REPLIES_DIR,
  loadReplyCorpus,
  REPLY_CORPUS_DIR,
  scoreReply,
} from '../../../test/support/reply-corpus';
import { extractReply } from './extract-reply';

/**
 * The shared reply corpus (160 real replies, 21 languages) must keep passing at the rates the
 * product promises. The corpus lives in shared/ beside the repository (CI clones the repo
 * elsewhere with shared/ next to it); test/support/reply-corpus.ts finds and scores it.
 */
const MIN_NORMALIZED = 0.97;
const MIN_EXACT = 0.93;

/** Exact and normalized shares of a set, with the ids that miss (printed so a regression names them). */
function scoreAll(cases: CorpusCase[]): { exact: number; normalized: number; failures: string[] } {
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
  return { exact: exact / cases.length, normalized: normalized / cases.length, failures };
}

describe('reply corpus', () => {
  it('meets the normalized and exact targets', async () => {
    expect(existsSync(REPLY_CORPUS_DIR)).toBe(true);
    const cases = await loadReplyCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const { exact, normalized, failures } = scoreAll(cases);
    if (failures.length) console.log(`reply corpus failures: ${failures.join(', ')}`);
    expect(normalized).toBeGreaterThanOrEqual(MIN_NORMALIZED);
    expect(exact).toBeGreaterThanOrEqual(MIN_EXACT);
  }, 60_000);
});

/**
 * The held-out set (test/fixtures/replies-heldout, 158 replies written for this project in some 30
 * clients and nine languages, never tuned against): the goal is at least 96 % normalized.
 * The floors are what extraction achieves (158 of 158 both ways on 2026-12-05), so any loss shows.
 */
const HELDOUT_MIN_NORMALIZED = 1;
const HELDOUT_MIN_EXACT = 1;

describe('held-out replies', () => {
  it('keeps the achieved exact and normalized scores', async () => {
    const cases = await loadReplyCorpus(HELDOUT_REPLIES_DIR);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const { exact, normalized, failures } = scoreAll(cases);
    if (failures.length) console.log(`held-out failures: ${failures.join(', ')}`);
    expect(normalized).toBeGreaterThanOrEqual(HELDOUT_MIN_NORMALIZED);
    expect(exact).toBeGreaterThanOrEqual(HELDOUT_MIN_EXACT);
  }, 60_000);
});
