import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface SpamVerdict {
  score: number;
  /** The rules that fired, with their points, highest first. */
  rules: { name: string; points: number }[];
}

/** The line every email must stay under: a fifth of SpamAssassin's default 5.0 spam threshold. */
export const SPAM_LIMIT = 2.0;

/** "RULE points, ..." for the rules that counted (0-point informational ones left out). */
export function scoredRules(verdict: SpamVerdict, max = Infinity): string {
  return (
    verdict.rules
      .filter((r) => r.points !== 0)
      .slice(0, max)
      .map((r) => `${r.name} ${r.points}`)
      .join(', ') || '(none)'
  );
}

const SEPARATOR = 'From spam-check@mentormail.invalid Thu Jan  1 00:00:00 2026';
/** Stamped on each message going in and read back from each coming out: how a verdict finds its message. */
const ID_HEADER = 'X-MentorMail-Spam-Check';

/**
 * Runs Debian's SpamAssassin on the messages with local tests only (`-L`: no DNS blocklists, no
 * Razor or Pyzor, nothing on the network) and no Bayes (its learning would make one run depend on
 * the last), and reads each verdict. One process for all of them, as an mbox: loading the rules
 * takes seconds, each message milliseconds.
 *
 * Each verdict is read from the headers SpamAssassin adds to the message itself (`report_safe 0`
 * keeps the message in place instead of wrapping spam in an attachment; `add_header all Report`
 * lists every rule with its points, spam or not) and matched to its input by a nonce header
 * stamped on the way in, never by position: counting the output's pieces once let one email's
 * rules land on another's name (see spamassassin-mapping.test.ts).
 */
export function spamAssassin(raws: Buffer[]): Promise<SpamVerdict[]> {
  const run = randomBytes(6).toString('hex');
  const idOf = (i: number) => `${run}-${i}`;
  const mbox = raws.map((raw, i) => `${SEPARATOR}\n${ID_HEADER}: ${idOf(i)}\n${mboxBody(raw)}\n`).join('');
  return new Promise((resolve, reject) => {
    const child = spawn(
      'spamassassin',
      [
        '-L',
        '--mbox',
        '--cf=use_bayes 0',
        '--cf=bayes_auto_learn 0',
        '--cf=report_safe 0',
        '--cf=add_header all Report _REPORT_',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const byId = verdictsById(Buffer.concat(out).toString('latin1'));
        resolve(
          raws.map((_, i) => {
            const verdict = byId.get(idOf(i));
            if (!verdict) throw new Error(`no verdict for message ${i} of ${raws.length}`);
            return verdict;
          }),
        );
      } catch (error) {
        const stderr = Buffer.concat(err).toString().slice(0, 500);
        reject(new Error(`spamassassin exited ${code}: ${(error as Error).message}; ${stderr}`));
      }
    });
    child.stdin.end(Buffer.from(mbox, 'latin1'));
  });
}

/**
 * mboxrd: a body line starting "From " is quoted, the one change the format forces; the message
 * ends with a newline, so the blank line and the next separator start lines of their own.
 */
function mboxBody(raw: Buffer): string {
  const text = raw
    .toString('latin1')
    .replace(/\r\n/g, '\n')
    .replace(/^(>*From )/gm, '>$1');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Each output message's own header block, unfolded lines kept apart for the report. */
function verdictsById(output: string): Map<string, SpamVerdict> {
  const verdicts = new Map<string, SpamVerdict>();
  for (const message of output.split(`${SEPARATOR}\n`).slice(1)) {
    const head = message.split('\n\n')[0];
    const id = headerValue(head, ID_HEADER)?.trim();
    if (!id) throw new Error(`a message came back without its ${ID_HEADER}: ${head.slice(0, 200)}`);
    if (verdicts.has(id)) throw new Error(`message ${id} came back twice`);
    verdicts.set(id, verdictOf(head, id));
  }
  return verdicts;
}

/**
 * `X-Spam-Status: No, score=0.4 required=5.0 tests=HTML_MESSAGE,\n\tMIME_QP_LONG_LINE ...` names
 * every rule; the report header gives each its points, one per line ("\t* -0.0 NO_RELAYS ...",
 * with a long description continued on "\t*      ..." lines).
 */
function verdictOf(head: string, id: string): SpamVerdict {
  // Folding may break the list after any comma, or right after "tests=": drop all whitespace in it.
  const status = headerValue(head, 'X-Spam-Status')?.replace(/\s+/g, ' ');
  const parsed = status && /^\s*\w+, score=(-?[\d.]+) .*?tests=(.*?)(?: autolearn=| version=|$)/.exec(status);
  if (!parsed) throw new Error(`message ${id}: no readable X-Spam-Status in ${head.slice(0, 300)}`);
  const list = parsed[2].replace(/\s+/g, '');
  const names = list === 'none' ? [] : list.split(',').filter(Boolean);
  const points = new Map<string, number>();
  for (const line of (headerValue(head, 'X-Spam-Report') ?? '').split('\n')) {
    const m = /^\s*\*\s+(-?\d+\.\d+) ([A-Z][A-Z0-9_]+)\b/.exec(line);
    if (m) points.set(m[2], Number(m[1]));
  }
  const rules = names.map((name) => {
    const p = points.get(name);
    if (p === undefined) throw new Error(`message ${id}: ${name} is in tests= but not in the report`);
    return { name, points: p };
  });
  if (points.size !== names.length)
    throw new Error(`message ${id}: the report lists ${points.size} rules, tests= ${names.length}`);
  return { score: Number(parsed[1]), rules: rules.sort((a, b) => b.points - a.points) };
}

/** The header's value with its continuation lines (newlines kept), or undefined. */
function headerValue(head: string, name: string): string | undefined {
  const lines = head.split('\n');
  const at = lines.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (at < 0) return undefined;
  const value = [lines[at].slice(name.length + 1)];
  for (const line of lines.slice(at + 1)) {
    if (!/^[ \t]/.test(line)) break;
    value.push(line);
  }
  return value.join('\n');
}
