import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { sharedDir } from '../../test/support/shared-dir';
import { AppConfig } from '../config/app-config';
import { MalformedEmailError, parseInbound } from '../inbound/parsing/parse-inbound';
import { extractReply } from '../inbound/extraction';
import { buildMime, InvalidOutgoingMailError, type OutgoingMail } from '../outbound/mime';
import { relayedHtml } from '../outbound/relay/relay-html';
import { OffloadService, OffloadTimeoutError } from './offload.service';

/**
 * Every reply of the corpus and every fourth email of the MIME corpus (attachments, odd charsets,
 * broken parts), but for its few of over 100 KB: the whole corpus takes ~25 s on this box, for no
 * shape the sample lacks.
 */
function corpus(): Buffer[] {
  return ['corpus/replies', 'corpus/mime'].flatMap((rel, n) => {
    const dir = sharedDir(rel);
    return readdirSync(dir)
      .filter((f, i) => f.endsWith('.eml') && (n === 0 || i % 4 === 0))
      .map((f) => readFileSync(path.join(dir, f)))
      .filter((raw) => raw.length <= 100_000);
  });
}

/**
 * A value as plain data naming every type on the way (Map, Date, Buffer or bare bytes, class
 * names), for comparing across realms: Jest's sandbox has its own Map and Date, and what comes
 * back from a thread is built with Node's, which Jest's own equality cannot iterate.
 */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Map]') {
    const entries: unknown[] = [];
    (value as Map<unknown, unknown>).forEach((v, k) => entries.push([canonical(k), canonical(v)]));
    return { Map: entries };
  }
  if (tag === '[object Date]') return { Date: (value as Date).toISOString() };
  if (ArrayBuffer.isView(value)) {
    const bytes = value as Uint8Array;
    return { [Buffer.isBuffer(bytes) ? 'Buffer' : 'bytes']: Buffer.from(bytes).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(canonical);
  const out: Record<string, unknown> = { class: (value as object).constructor?.name };
  if (value instanceof Error) Object.assign(out, { name: value.name, message: value.message });
  for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * mailparser dates an email without a readable Date header with the time of the parse, which
 * differs between two parses: such a date (within the last minute) is not compared.
 */
function withoutClock<T>(parsed: T): T {
  const p = parsed as { date?: Date | null; mail?: { date?: Date; headers: Map<string, unknown> } };
  if (!p.date || Math.abs(Date.now() - p.date.getTime()) > 60_000) return parsed;
  p.date = null;
  p.mail!.date = undefined;
  p.mail!.headers.delete('date');
  return parsed;
}

/** MIME with its random boundaries named by order of appearance, so two builds compare. */
function withStableBoundaries(raw: Buffer): string {
  const text = raw.toString('latin1');
  const names = [...new Set([...text.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]))];
  return names.reduce((out, name, i) => out.split(name).join(`boundary-${i}`), text);
}

function outgoing(i: number, image: Buffer | null): OutgoingMail {
  return {
    from: { name: 'Ann Example via Bright Futures', address: 'pair-k3j9x@relay.example' },
    replyTo: 'pair-k3j9x@relay.example',
    to: `bob${i}@example.com`,
    subject: `Re: Interview practice, ça va? ${i}`,
    messageId: `m${i}@relay.example`,
    references: ['m0@relay.example'],
    date: new Date(Date.UTC(2026, 2, 1, 9, i)),
    text: `Thanks for the notes ${i}.\n\nSee you Tuesday — Ann`,
    html: `<p>Thanks for the notes ${i}.</p><img src="cid:img${i}@relay.example" alt="photo">`,
    attachments: image
      ? [{ filename: 'photo.png', contentType: 'image/png', content: image, cid: `img${i}@relay.example` }]
      : [],
    loopStamp: 'relay.example',
    lang: 'en',
  };
}

describe('OffloadService watchdog', () => {
  it('fails a call that runs past its time and stops its thread; with time to spare the same call succeeds', async () => {
    // 1 ms: no parse of a real email finishes inside it on a thread that has to start first.
    const strict = new OffloadService(
      AppConfig.fromEnvironment({ NODE_ENV: 'test', OFFLOAD_THREADS: '1', OFFLOAD_TASK_TIMEOUT_MS: '1' }),
    );
    const raw = corpus()[0];
    // The watchdog says so in the log, for staff: an error line naming the task.
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const late = await strict.run('parseInbound', raw).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(OffloadTimeoutError);
      expect((late as Error).message).toBe('parseInbound took over 1 ms: its thread was stopped');
      expect(logged).toHaveBeenCalledWith('offload task parseInbound ran over 1 ms: stopping its thread');
      // A second call is not stuck behind the stopped one: it settles on its own (here, late too).
      await expect(strict.run('parseInbound', raw)).rejects.toBeInstanceOf(OffloadTimeoutError);
    } finally {
      logged.mockRestore();
      await strict.onApplicationShutdown();
    }
    const patient = new OffloadService(
      AppConfig.fromEnvironment({ NODE_ENV: 'test', OFFLOAD_THREADS: '1', OFFLOAD_TASK_TIMEOUT_MS: '60000' }),
    );
    try {
      const parsed = await patient.run('parseInbound', raw);
      expect(canonical(withoutClock(parsed))).toEqual(canonical(withoutClock(await parseInbound(raw))));
    } finally {
      await patient.onApplicationShutdown();
    }
  }, 60_000);
});

describe('OffloadService on a thread', () => {
  let threads: OffloadService;

  beforeAll(() => {
    threads = new OffloadService(AppConfig.fromEnvironment({ NODE_ENV: 'test', OFFLOAD_THREADS: '1' }));
  });

  afterAll(() => threads.onApplicationShutdown());

  it('parses and cuts every corpus email as inline, attachments as Buffers', async () => {
    let compared = 0;
    for (const raw of corpus()) {
      const inline = await parseInbound(raw).catch((error: Error) => error);
      const onThread = await threads.run('parseInbound', raw).catch((error: Error) => error);
      expect(canonical(withoutClock(onThread))).toEqual(canonical(withoutClock(inline)));
      if (inline instanceof Error) continue;
      const parsed = onThread as typeof inline;
      expect(parsed.attachments.every((a) => Buffer.isBuffer(a.content))).toBe(true);
      const input = { text: inline.text, html: inline.html, sentTexts: [], subject: inline.subject };
      expect(await threads.run('extractReply', input)).toEqual(extractReply(input));
      compared++;
    }
    expect(compared).toBeGreaterThan(340);
  }, 120_000);

  it("prepares each copy's HTML as inline: images pointed at the copy's ids, addresses hidden", async () => {
    let compared = 0;
    for (const raw of corpus()) {
      const parsed = await parseInbound(raw).catch(() => null);
      const html =
        parsed && extractReply({ text: parsed.text, html: parsed.html, subject: parsed.subject }).html;
      if (!html) continue;
      const input = {
        stored: html,
        cids: new Map([['part1@mentor.example', 'ours1@relay.localhost']]),
        mask: { ourDomain: 'relay.localhost' },
      };
      const inline = relayedHtml(input.stored, input.cids, input.mask);
      const onThread = await threads.run('relayedHtml', input);
      expect(canonical(onThread)).toEqual(canonical(inline));
      compared++;
    }
    expect(compared).toBeGreaterThan(75);
    const cid = await threads.run('relayedHtml', {
      stored:
        '<p>Mail <a href="mailto:ann@mentor.example">me</a></p><img src="cid:Part1@mentor.example" alt="ann@mentor.example">',
      cids: new Map([['Part1@mentor.example', 'ours1@relay.localhost']]),
      mask: { ourDomain: 'relay.localhost' },
    });
    expect(cid.html).toContain('src="cid:ours1@relay.localhost"');
    expect(cid.html).not.toContain('mentor.example');
    expect([...cid.shownCids]).toEqual(['part1@mentor.example']);
  });

  it('writes the same MIME as inline, with and without an inline image', async () => {
    const image = Buffer.alloc(48 * 1024, 3);
    for (let i = 0; i < 20; i++) {
      const mail = outgoing(i, i % 4 === 0 ? image : null);
      const onThread = await threads.run('buildMime', mail);
      expect(Buffer.isBuffer(onThread)).toBe(true);
      expect(withStableBoundaries(onThread)).toBe(withStableBoundaries(await buildMime(mail)));
    }
  });

  it('brings errors back as the classes their callers test for', async () => {
    const malformed = await threads
      .run('parseInbound', Buffer.from('no header block at all\r\n'))
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(MalformedEmailError);
    expect(malformed).toMatchObject({ problem: 'no_header_block', detail: 'no header block' });

    const bad = { ...outgoing(1, null), to: 'a@example.com, b@example.com' };
    const inline = await buildMime(bad).then(
      () => null,
      (e: Error) => e,
    );
    const onThread = await threads.run('buildMime', bad).then(
      () => null,
      (e: Error) => e,
    );
    expect(onThread).toBeInstanceOf(InvalidOutgoingMailError);
    expect(onThread?.message).toBe(inline?.message);
  });
});
