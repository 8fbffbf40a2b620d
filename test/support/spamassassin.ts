import { spawn } from 'node:child_process';

export interface SpamVerdict {
  score: number;
  /** The rules that fired, with their points, highest first. */
  rules: { name: string; points: number }[];
}

const SEPARATOR = 'From spam-check@mentormail.invalid Thu Jan  1 00:00:00 2026';

/**
 * Runs Debian's SpamAssassin on the messages with local tests only (`-L`: no DNS blocklists, no
 * Razor or Pyzor, nothing on the network) and no Bayes (its learning would make one run depend on
 * the last), and reads each verdict. One process for all of them, as an mbox: loading the rules
 * takes seconds, each message milliseconds. `-t` appends the report, whose "Content analysis
 * details" table lists each rule with its points.
 */
export function spamAssassin(raws: Buffer[]): Promise<SpamVerdict[]> {
  // mboxrd: a body line starting "From " is quoted, the one change the format forces.
  const mbox = raws
    .map(
      (raw) =>
        `${SEPARATOR}\n${raw
          .toString('latin1')
          .replace(/\r\n/g, '\n')
          .replace(/^(>*From )/gm, '>$1')}\n`,
    )
    .join('');
  return new Promise((resolve, reject) => {
    const child = spawn(
      'spamassassin',
      ['-L', '-t', '--mbox', '--cf=use_bayes 0', '--cf=bayes_auto_learn 0'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const messages = Buffer.concat(out).toString('latin1').split(`${SEPARATOR}\n`).slice(1);
      if (messages.length !== raws.length) {
        return reject(
          new Error(
            `spamassassin exited ${code} with ${messages.length} of ${raws.length} messages: ${Buffer.concat(err).toString().slice(0, 500)}`,
          ),
        );
      }
      resolve(messages.map(verdictOf));
    });
    child.stdin.end(Buffer.from(mbox, 'latin1'));
  });
}

function verdictOf(text: string): SpamVerdict {
  const status = /^X-Spam-Status: \w+, score=(-?[\d.]+)/m.exec(text);
  if (!status) throw new Error(`no X-Spam-Status in ${text.slice(0, 200)}`);
  const report = text.slice(text.lastIndexOf('Content analysis details'));
  // Report lines: " 0.7 HTML_FONT_LOW_CONTRAST BODY: ...", "-0.0 NO_RECEIVED ...".
  const rules = report
    .split('\n')
    .map((line) => /^ ?(-?\d+\.\d+) ([A-Z][A-Z0-9_]+) /.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[2], points: Number(m[1]) }));
  return { score: Number(status[1]), rules: rules.sort((a, b) => b.points - a.points) };
}
