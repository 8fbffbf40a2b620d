import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { serveHttp } from '../src/bootstrap';
import { AppConfig } from '../src/config/app-config';
import { SNS_VERIFIER } from '../src/inbound/ses/ses-inbound.service';
import { SnsVerifier } from '../src/inbound/ses/sns-verifier';
import { buildEmail } from '../test/factories/emails';
import { buildSesInboundSnsAction, makeSnsSigner } from '../test/factories/sns-signer';
import { deleteQueueKeys } from '../test/support/queue-keys';
import { benchPairing, fmt, percentile } from './support';

const run = promisify(execFile);

/**
 * p50/p99 acknowledgement latency of POST /webhooks/ses/inbound under an open-loop 200
 * requests/s for 5 s: every request is a distinct, validly signed SES notification, so each
 * one verifies, stores the raw mail and queues it before the 200.
 */
export async function runWebhookBench(rate = 200, seconds = 5): Promise<{ p50: number; p99: number }> {
  const name = `mm_bench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const signer = await makeSnsSigner();
  const config = AppConfig.fromEnvironment({
    // A per-process random APP_SECRET: benches sign nothing that outlives them.
    NODE_ENV: 'test',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    QUEUE_PREFIX: `mmbench:${name}`,
    // The API role alone, as it runs in a scaled deployment; workers process the mail elsewhere.
    ROLES: 'api',
    HTTP_PORT: '0',
    OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'mm-bench-outbox-')),
    SNS_TOPIC_ARNS: signer.topicArn,
    LOG_LEVEL: 'error',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(SNS_VERIFIER)
    .useValue(
      new SnsVerifier({ allowedTopicArns: [signer.topicArn], fetchCertificate: signer.fetchCertificate }),
    )
    .setLogger(new ConsoleLogger({ logLevels: ['error'] }))
    .compile();
  const running = await serveHttp(
    moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] }),
    config,
  );
  try {
    const { mentee, pairing } = await benchPairing(running.app, 'Webhook bench');
    const total = rate * seconds;
    const bodies = Array.from({ length: total }, (_, i) => {
      const email = buildEmail({ from: mentee.email, to: pairing.relayAddress, text: `Bench message ${i}` });
      const n = buildSesInboundSnsAction({
        raw: email.raw,
        messageId: `bench-${i}`,
        recipients: [pairing.relayAddress],
        source: mentee.email,
      });
      return JSON.stringify(signer.sign(JSON.stringify(n), 2));
    });
    const url = `${running.httpUrl}/webhooks/ses/inbound`;
    // Warm-up (not measured): lazy module loads, JIT, the connection pool growing to size.
    const warm = (i: number) => {
      const email = buildEmail({ from: mentee.email, to: pairing.relayAddress, text: `Warm-up ${i}` });
      const n = buildSesInboundSnsAction({
        raw: email.raw,
        messageId: `warm-${i}`,
        recipients: [pairing.relayAddress],
        source: mentee.email,
      });
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(signer.sign(JSON.stringify(n), 2)),
      }).then((r) => r.arrayBuffer());
    };
    for (let round = 0; round < 5; round++)
      await Promise.all(Array.from({ length: 20 }, (_, i) => warm(round * 20 + i)));
    const file = join(mkdtempSync(join(tmpdir(), 'mm-bench-load-')), 'bodies.json');
    writeFileSync(file, JSON.stringify(bodies));
    const { stdout } = await run(
      process.execPath,
      [join(__dirname, 'load-client.mjs'), url, file, String(rate)],
      {
        maxBuffer: 64 << 20,
      },
    );
    const { latencies, failures } = JSON.parse(stdout) as { latencies: number[]; failures: number };
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `SES webhook at ${rate} req/s for ${seconds} s: p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, ${failures} non-200 of ${total}`,
    );
    return { p50, p99 };
  } finally {
    await running.close();
    // The API role only queues: the 1,100 inbound jobs would otherwise stay in Redis.
    await deleteQueueKeys(config.env.REDIS_URL, config.env.QUEUE_PREFIX);
    const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}
