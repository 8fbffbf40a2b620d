import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { createPairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Mail still arrives in 8-bit legacy charsets (a Latin-1 body sent as 8bit): its bytes are not
 * UTF-8, and every byte must reach the parser as it arrived, through storage and back.
 */
describe('an 8-bit Latin-1 email over real SMTP', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  // Parsed inline, and on an offload thread (the default in production): the bytes cross to it.
  it.each(['0', '1'])(
    "is relayed with its accented words intact, in the partner's copy (offload threads: %s)",
    async (threads) => {
      const running: RunningApp = await env.start({ OFFLOAD_THREADS: threads });
      const world = await createPairingWorld(running.app);
      const text = 'Café crème à Noël, señor: déjà vu, naïve façade.';
      const raw = Buffer.concat([
        Buffer.from(
          [
            `From: Tom <${world.mentee.email}>`,
            `To: ${world.pairing.relayAddress}`,
            `Subject: Latin-1 body ${threads}`,
            `Message-ID: <latin1-body-${threads}@student.example>`,
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=iso-8859-1',
            'Content-Transfer-Encoding: 8bit',
            '',
            '',
          ].join('\r\n'),
        ),
        Buffer.from(`${text}\r\n`, 'latin1'),
      ]);
      const reply = await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
        from: world.mentee.email,
        to: [world.pairing.relayAddress],
        raw,
      });
      expect(reply.data?.code).toBe(250);
      const copy = await waitFor(async () =>
        (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === world.mentor.email),
      );
      const [stored] = (await running.app
        .get(DataSource)
        .query(`SELECT raw FROM inbound_emails WHERE subject = $1`, [`Latin-1 body ${threads}`])) as {
        raw: Buffer;
      }[];
      expect(stored.raw.equals(raw)).toBe(true);
      expect(copy.parsed.text).toContain(text);
      expect(copy.parsed.text).not.toContain('\ufffd');
      await running.close();
    },
  );
});
