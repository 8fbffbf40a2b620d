/**
 * Outbound throughput: building the MIME (allow-listed headers, Thread-Index, masking-free body)
 * plus handing it to a transport, beside the library the hand-written part replaced: our
 * one-pass serialiser against MimeNode's own build() of the same compiled tree, and buildMime as
 * a whole against MailComposer alone (compile and build, no header policy). Transports: the file
 * transport (a temp folder) and SES through SendRawEmail with a mocked client answering after
 * 50 ms, 8 at a time, without and with SendPacer's admission in Redis before each call.
 *
 *   npx ts-node --transpile-only -e "require('./bench/outbound').runOutboundBench()"
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import Queue from 'bull';
import { MailComposer } from '../src/common/nodemailer-lib';
import {
  buildMime,
  compileMime,
  threadIndexChild,
  threadIndexRoot,
  type OutgoingMail,
} from '../src/outbound/mime';
import { serializeMime } from '../src/outbound/mime/serialize-mime';
import { FileTransport } from '../src/outbound/transports/file.transport';
import type { MailTransport } from '../src/outbound/transports/mail-transport';
import { SesTransport } from '../src/outbound/transports/ses.transport';
import { SendPacer } from '../src/outbound/sending/send-pacer';
import { QUEUES } from '../src/queues/queue-names';
import { deleteQueueKeys } from '../test/support/queue-keys';

const TEXT = `${'Thanks for the notes on the interview. I tried the STAR structure and it helped a lot. '.repeat(12)}\n\n-- \nReply to this email to answer Ann.`;
const IMAGE = Buffer.alloc(48 * 1024, 3);

function mail(i: number): OutgoingMail {
  const root = threadIndexRoot(new Date(1_780_000_000_000), 'thread-1');
  return {
    from: { name: 'Ann Example via Bright Futures', address: 'pair-k3j9x@relay.example' },
    replyTo: 'pair-k3j9x@relay.example',
    to: `bob${i}@example.com`,
    subject: 'Re: Interview practice',
    messageId: `m${i}-bench@relay.example`,
    inReplyTo: 'm0-bench@relay.example',
    references: ['m0-bench@relay.example'],
    date: new Date(1_780_000_360_000),
    text: TEXT,
    html: `<p>${TEXT.replace(/\n/g, '<br>')}</p><img src="cid:img1" alt="photo">`,
    attachments:
      i % 4 === 0 ? [{ filename: 'photo.png', contentType: 'image/png', content: IMAGE, cid: 'img1' }] : [],
    threadTopic: 'Interview practice',
    threadIndex: threadIndexChild(root, new Date(1_780_000_000_000), new Date(1_780_000_360_000)),
    loopStamp: 'relay.example',
    lang: 'en',
  };
}

/** The same message through MailComposer with no validation, header policy or extras. */
function bare(m: OutgoingMail): Promise<Buffer> {
  return new MailComposer({
    from: { name: m.from.name, address: m.from.address },
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    messageId: `<${m.messageId}>`,
    inReplyTo: `<${m.inReplyTo}>`,
    references: m.references!.map((r) => `<${r}>`),
    date: m.date,
    text: m.text,
    html: m.html,
    attachments: (m.attachments ?? []).map((a) => ({ ...a, contentDisposition: 'inline' as const })),
  })
    .compile()
    .build();
}

async function timed(count: number, concurrency: number, one: (i: number) => Promise<unknown>) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { count, ms, perSecond: (count * 1000) / ms };
}

/** Like `timed`, one at a time, counting only `write` of a tree compiled (untimed) before it. */
async function timedEach(count: number, write: (tree: ReturnType<typeof compileMime>) => Promise<unknown>) {
  let ns = 0n;
  for (let i = 0; i < count; i++) {
    const tree = compileMime(mail(i));
    const started = process.hrtime.bigint();
    await write(tree);
    ns += process.hrtime.bigint() - started;
  }
  const ms = Number(ns) / 1e6;
  return { count, ms, perSecond: (count * 1000) / ms };
}

function viaTransport(transport: MailTransport) {
  return async (i: number) => {
    const m = mail(i);
    const raw = await buildMime(m);
    await transport.send({ from: m.from.address, to: m.to, raw, messageId: m.messageId }, () =>
      Promise.resolve(true),
    );
  };
}

export async function runOutboundBench(
  count = 400,
): Promise<Record<string, { count: number; ms: number; perSecond: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-bench-outbound-'));
  // SendPacer's window lives in Redis beside the outbound queue: a queue of the bench's own.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const pacerPrefix = `mmbench:pacer${process.pid}`;
  const pacerQueue = new Queue(QUEUES.outbound, redisUrl, { prefix: pacerPrefix });
  // A rate no run here reaches, so every call is admitted at once: what it costs, not what it waits.
  const pacer = new SendPacer(pacerQueue, 1_000_000);
  const sesClient = () =>
    new SESClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const ses = mockClient(SESClient);
  let n = 0;
  ses
    .on(SendRawEmailCommand)
    .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ MessageId: `bench-${n++}` }), 50)));
  try {
    // Warm-up: the first builds load and JIT the encoders.
    for (let i = 0; i < 100; i++) await Promise.all([buildMime(mail(i)), bare(mail(i))]);
    // The serialisers alone, each over a tree compiled just before it (untimed; a tree is written once).
    const serialisers = {
      "MimeNode's build() of a compiled tree": (tree: ReturnType<typeof compileMime>) => tree.build(),
      'serializeMime of a compiled tree': (tree: ReturnType<typeof compileMime>) =>
        Promise.resolve(serializeMime(tree)),
    };
    const serialised: Record<string, Awaited<ReturnType<typeof timedEach>>> = {};
    for (const [name, write] of Object.entries(serialisers)) serialised[name] = await timedEach(count, write);
    const results = {
      ...serialised,
      'MailComposer only (compile + build)': await timed(count, 1, (i) => bare(mail(i))),
      'buildMime (header policy + compile + serializeMime)': await timed(count, 1, (i) => buildMime(mail(i))),
      'buildMime + file transport': await timed(count, 8, viaTransport(new FileTransport(dir))),
      'buildMime + SES (mock, 50 ms), 8 at a time': await timed(
        count,
        8,
        viaTransport(new SesTransport({ client: sesClient() })),
      ),
      'buildMime + SES (mock, 50 ms), 8 at a time, paced': await timed(
        count,
        8,
        viaTransport(new SesTransport({ client: sesClient(), pace: () => pacer.acquire() })),
      ),
      'SendPacer admission alone, 16 at a time': await timed(count * 5, 16, () => pacer.acquire()),
    };
    console.log(`\nOutbound (${count} emails, 1 in 4 with a 48 KB inline image)`);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `  ${name.padEnd(52)} ${r.perSecond.toFixed(0).padStart(6)} emails/s  (${(r.ms / r.count).toFixed(2)} ms each)`,
      );
    }
    const ratio = (ours: { ms: number }, library: { ms: number }) => {
      const x = library.ms / ours.ms;
      return x >= 1 ? `${x.toFixed(1)}x faster` : `${(1 / x).toFixed(1)}x SLOWER`;
    };
    const r = Object.values(results);
    console.log(
      `  serialiser: serializeMime is ${ratio(r[1], r[0])} than MimeNode's build() of the same tree`,
    );
    console.log(
      `  whole build: buildMime is ${ratio(r[3], r[2])} than MailComposer alone, with its header policy`,
    );
    const paced = results['buildMime + SES (mock, 50 ms), 8 at a time, paced'];
    const unpaced = results['buildMime + SES (mock, 50 ms), 8 at a time'];
    console.log(
      `  SES pacing: ${(paced.ms / paced.count - unpaced.ms / unpaced.count).toFixed(2)} ms more per send with SendPacer (one Redis script per call); ` +
        `alone it admits ${results['SendPacer admission alone, 16 at a time'].perSecond.toFixed(0)} calls/s`,
    );
    return results;
  } finally {
    ses.restore();
    rmSync(dir, { recursive: true, force: true });
    await pacerQueue.close();
    await deleteQueueKeys(redisUrl, pacerPrefix);
  }
}

if (require.main === module) {
  runOutboundBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
