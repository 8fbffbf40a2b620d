// Adapter for shared/corpus/eval.mjs: `node eval.mjs DIR --module bench/replies-adapter.mjs`.
// Parses the .eml with mailparser, as the inbound pipeline does, and runs MentorMail's extractor.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { simpleParser } = require('mailparser');
const { extractReply: extract } = require('../src/inbound/extraction');

export async function extractReply(eml) {
  const parsed = await simpleParser(eml);
  return extract({ text: parsed.text ?? null, html: parsed.html || undefined }).reply;
}
