// The mail the inbound and relay-latency benches send: the reply corpus, addressed to bench pairings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { sharedDir } from '../test/support/shared-dir';

// Found from a worktree too (see sharedDir).
const CORPUS = sharedDir('corpus/replies');
const ATTACHMENT = benchPng(128, 128).toString('base64').replace(/.{76}/g, '$&\r\n');

/**
 * A real PNG of `width` x `height` pseudo-random pixels, so the attachment is one a programme relays,
 * not one its type check drops with a notice to the author. 8.5 KB at 128 x 128, not the 48 KB of
 * true noise: the generator's product overflows a double's precision, so it repeats every 7,663
 * values and the rows deflate. Left so, so that the figures stay comparable with earlier runs.
 */
function benchPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  let seed = 7;
  for (let i = 0; i < rows.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    rows[i] = i % (1 + width * 3) === 0 ? 0 : seed >>> 24;
  }
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Drops the header fields named (with their folded continuation lines) from a header block. */
function withoutHeaders(head: string, names: RegExp): string {
  const kept: string[] = [];
  let dropping = false;
  for (const line of head.split(/\r?\n/)) {
    if (!/^[ \t]/.test(line)) dropping = names.test(line);
    if (!dropping) kept.push(line);
  }
  return kept.join('\r\n');
}

export interface Route {
  from: string;
  to: string;
}
export interface BenchEmail extends Route {
  raw: Buffer;
}

/**
 * Corpus emails, the i-th from `routes[i % routes.length]`'s mentee to its relay address; every
 * fourth is rebuilt as multipart/mixed with an 8.5 KB PNG attached (a real MIME attachment, not text).
 */
export function mixedCorpus(routes: Route[], count: number, tag: string): BenchEmail[] {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));
  const out: BenchEmail[] = [];
  for (let i = 0; i < count; i++) {
    const { from, to } = routes[i % routes.length];
    let text = readFileSync(join(CORPUS, files[i % files.length]), 'utf8')
      .replace(/^From:.*$/im, `From: Tom <${from}>`)
      .replace(/^To:.*$/im, `To: <${to}>`)
      .replace(/^Message-ID:.*$/im, `Message-ID: <bench-${tag}-${i}@student.example>`);
    if (i % 4 === 0) {
      const [head] = text.split(/\r?\n\r?\n/);
      const headers = withoutHeaders(head, /^content-(type|transfer-encoding):/i);
      text = `${headers}\r\nContent-Type: multipart/mixed; boundary="benchb"\r\n\r\n--benchb\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the photo.\r\n--benchb\r\nContent-Type: image/png; name="photo.png"\r\nContent-Disposition: attachment; filename="photo.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${ATTACHMENT}\r\n--benchb--\r\n`;
    }
    out.push({ from, to, raw: Buffer.from(text) });
  }
  return out;
}

/** Runs `work` over `items` in `lanes` concurrent lanes. */
export async function inLanes<T>(
  items: T[],
  lanes: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export async function waitUntil(check: () => Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, pollMs));
}
