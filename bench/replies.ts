/**
 * Reply-extraction benchmark: MentorMail's extractor against two well-known parsers on the
 * shared corpus (../shared/corpus/replies beside the repository), scored like eval.mjs.
 *
 *   npx ts-node --transpile-only bench/replies.ts [CORPUS_DIR]
 *
 * Each peer gets the text part as mailparser gives it (mailparser renders the HTML part to
 * text when there is no text part); MentorMail gets text and HTML, as the pipeline does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmailReplyParser from 'email-reply-parser';
import { simpleParser } from 'mailparser';
import { extractFrom as planerExtract } from 'planer';
import { extractReply } from '../src/inbound/extraction';

interface Case {
  id: string;
  text: string;
  html: string | null;
  labels: string[];
}

type Extractor = (c: Case) => string;

export function normExact(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .trim();
}

export function normWs(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

async function loadCases(dir: string): Promise<Case[]> {
  const files = readdirSync(dir);
  const ids = files
    .filter((f) => f.endsWith('.eml'))
    .map((f) => f.slice(0, -4))
    .sort();
  const cases: Case[] = [];
  for (const id of ids) {
    const parsed = await simpleParser(readFileSync(join(dir, `${id}.eml`)));
    const labels = files
      .filter((f) => f === `${id}.expected.txt` || (f.startsWith(`${id}.expected.alt`) && f.endsWith('.txt')))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    cases.push({ id, text: parsed.text ?? '', html: parsed.html || null, labels });
  }
  return cases;
}

function score(name: string, cases: Case[], fn: Extractor): string {
  let exact = 0;
  let normalized = 0;
  for (const c of cases) {
    let got = '';
    try {
      got = fn(c) ?? '';
    } catch {
      got = '';
    }
    if (c.labels.some((l) => normExact(l) === normExact(got))) exact++;
    if (c.labels.some((l) => normWs(l) === normWs(got))) normalized++;
  }
  const n = cases.length;
  const pct = (k: number): string => ((100 * k) / n).toFixed(1);
  return `${name}: ${exact}/${n} exact (${pct(exact)}%), ${normalized}/${n} normalized (${pct(normalized)}%)`;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? resolve(__dirname, '../../shared/corpus/replies'));
  if (!existsSync(dir)) throw new Error(`corpus not found: ${dir}`);
  const cases = await loadCases(dir);
  const erp = new EmailReplyParser();
  const extractors: [string, Extractor][] = [
    ['mentormail', (c) => extractReply({ text: c.text, html: c.html ?? undefined }).reply],
    ['email-reply-parser', (c) => erp.read(c.text).getVisibleText()],
    ['planer', (c) => planerExtract(c.text, 'text/plain')],
  ];
  for (const [name, fn] of extractors) console.log(score(name, cases, fn));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
