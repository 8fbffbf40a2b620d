/**
 * Reply-extraction benchmark: MentorMail's extractor against two well-known parsers on the
 * shared corpus (../shared/corpus/replies beside the repository), scored like eval.mjs, then on
 * the held-out set (test/fixtures/replies-heldout: replies written for this project in many
 * clients and languages, which extraction was never tuned against).
 *
 *   npx ts-node --transpile-only bench/replies.ts [CORPUS_DIR]
 *
 * Each peer gets the text part as mailparser gives it (mailparser renders the HTML part to
 * text when there is no text part); MentorMail gets text and HTML, as the pipeline does.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import EmailReplyParser from 'email-reply-parser';
import { extractFrom as planerExtract } from 'planer';
import { extractReply } from '../src/inbound/extraction';
import {
  type CorpusCase,
  HELDOUT_REPLIES_DIR,
  loadReplyCorpus,
  REPLY_CORPUS_DIR,
  scoreReply,
} from '../test/support/reply-corpus';

type Extractor = (c: CorpusCase) => string;

function score(name: string, cases: CorpusCase[], fn: Extractor): string {
  let exact = 0;
  let normalized = 0;
  for (const c of cases) {
    let got: string;
    try {
      got = fn(c) ?? '';
    } catch {
      got = '';
    }
    const scored = scoreReply(c, got);
    if (scored.exact) exact++;
    if (scored.normalized) normalized++;
  }
  const n = cases.length;
  const pct = (k: number): string => ((100 * k) / n).toFixed(1);
  return `${name}: ${exact}/${n} exact (${pct(exact)}%), ${normalized}/${n} normalized (${pct(normalized)}%)`;
}

async function main(): Promise<void> {
  const dirs = process.argv[2] ? [resolve(process.argv[2])] : [REPLY_CORPUS_DIR, HELDOUT_REPLIES_DIR];
  const erp = new EmailReplyParser();
  const extractors: [string, Extractor][] = [
    ['mentormail', (c) => extractReply({ text: c.text, html: c.html ?? undefined }).reply],
    ['email-reply-parser', (c) => erp.read(c.text).getVisibleText()],
    ['planer', (c) => planerExtract(c.text, 'text/plain')],
  ];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new Error(`corpus not found: ${dir}`);
    const cases = await loadReplyCorpus(dir);
    console.log(`${dir}:`);
    for (const [name, fn] of extractors) console.log(`  ${score(name, cases, fn)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
