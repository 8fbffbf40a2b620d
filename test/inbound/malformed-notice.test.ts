import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { DnsResolver } from '../../src/inbound/checks';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { AUTH_DNS_RESOLVER } from '../../src/inbound/pipeline/classify-checks';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { NoticeComposer } from '../../src/notices/notice.composer';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #12, "nothing vanishes silently": a member's email that ends `malformed` gets a notice
 * when its sender is a member of the pairing and the email authenticated (or came from a listed
 * local client), and nobody else is written to. Real SMTP on loopback; 127.0.0.1 is judged as
 * mail from the internet (checked by mailauth against an in-memory DNS zone), 127.0.0.2 is listed
 * in SMTP_TRUSTED_CLIENTS. Tolerant intake end to end: an mbox line and a BOM are relayed.
 */
const TRUSTED_CLIENT = '127.0.0.2';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_KEY = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const ZONE: Record<string, string> = { 'sel._domainkey.student-mail.example': DKIM_KEY };
const resolver: DnsResolver = (name, rrtype) => {
  const record = rrtype === 'TXT' ? ZONE[name.toLowerCase()] : undefined;
  if (!record) return Promise.reject(Object.assign(new Error(`${rrtype} ${name}`), { code: 'ENOTFOUND' }));
  return Promise.resolve([record.match(/.{1,255}/g) ?? []]);
};

jest.setTimeout(120_000);

describe('a malformed email from a member gets a notice', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker,smtp', SMTP_TRUSTED_CLIENTS: TRUSTED_CLIENT }, [
      [AUTH_DNS_RESOLVER, resolver],
    ]);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** A message with the given header lines (From included or not), signed by `signer` when given. */
  async function message(
    world: PairingWorld,
    headers: string[],
    opts: { signer?: string; prefix?: string } = {},
  ) {
    const messageId = `${randomBytes(8).toString('hex')}@student-mail.example`;
    const raw = [
      ...headers,
      `To: <${world.pairing.relayAddress}>`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thursday works for me.',
      '',
    ].join('\r\n');
    if (!opts.signer) return { raw: (opts.prefix ?? '') + raw, messageId };
    const key = {
      signingDomain: opts.signer,
      selector: 'sel',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    };
    // signTime given, as the service does: left out, mailauth reads the clock twice and a
    // signature made across a half-second carries a t= other than the one it signed.
    const signed = await dkimSign(raw, { ...key, signatureData: [key], signTime: new Date() });
    return { raw: (opts.prefix ?? '') + signed.signatures + raw, messageId };
  }

  async function outcome(
    world: PairingWorld,
    envelopeFrom: string,
    mail: { raw: string; messageId: string },
    client?: string,
  ) {
    const sent = await SmtpTestClient.sendOnce(
      port,
      { from: envelopeFrom, to: [world.pairing.relayAddress], raw: mail.raw },
      client,
    );
    expect(sent.data?.code).toBe(250);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: mail.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  /** The deliveries an inbound email caused, notices and relayed copies alike. */
  const deliveriesFor = async (world: PairingWorld, row: InboundEmail) => {
    const all = await db.getRepository(Delivery).find({ where: { pairingId: world.pairing.id } });
    return all
      .filter((d) => d.payload?.inboundEmailId === row.id || d.kind !== 'notice')
      .map((d) => ({ kind: d.kind, to: d.toAddress, input: d.payload?.input }));
  };

  const twoAuthors = (world: PairingWorld) => [
    `From: Tom <${world.mentee.email}>, Ann <ann@student-mail.example>`,
    'Subject: Re: Week 2',
  ];

  it('tells the member who sent it from a listed client, once per day, and relays nothing', async () => {
    const world = await createPairingWorld(running.app);
    const first = await outcome(
      world,
      world.mentee.email,
      await message(world, twoAuthors(world)),
      TRUSTED_CLIENT,
    );
    expect([first.status, first.reason, first.detail]).toEqual([
      'rejected',
      'malformed',
      '2 addresses in From',
    ]);
    expect(first.auth).toMatchObject({ verdict: 'local' });
    expect(await deliveriesFor(world, first)).toEqual([
      {
        kind: 'notice',
        to: world.mentee.email,
        input: {
          name: 'notice-rejected-malformed',
          props: expect.objectContaining({
            recipientName: 'Tom',
            partnerName: 'Maria Mentor',
            problem: 'several_from',
            // A local submission is not proof of who chose the subject.
            originalSubject: '(subject not shown)',
          }),
        },
      },
    ]);

    // What the notice says holds: it comes from the relay address (so "a new email to this
    // address" reaches the partner), and nothing of the email was sent to the partner.
    const [notice] = await db
      .getRepository(Delivery)
      .find({ where: { kind: 'notice', pairingId: world.pairing.id } });
    const composed = await running.app.get(NoticeComposer).compose(notice);
    if ('skip' in composed) throw new Error(`notice skipped: ${composed.skip}`);
    expect(composed.mail.from).toMatchObject({ address: world.pairing.relayAddress });
    expect(composed.mail.text).toContain('named more than one sender');
    expect(composed.mail.text).toContain('It was not sent to Maria Mentor.');
    expect(composed.mail.text).not.toContain(world.mentee.email);

    // The same sender and reason within 24 hours: recorded, not answered again.
    const second = await outcome(
      world,
      world.mentee.email,
      await message(world, twoAuthors(world)),
      TRUSTED_CLIENT,
    );
    expect([second.status, second.reason]).toEqual(['rejected', 'malformed']);
    expect((await deliveriesFor(world, second)).filter((d) => d.kind === 'notice')).toEqual([]);
  });

  it('tells a member whose email authenticated, quoting its subject', async () => {
    const world = await createPairingWorld(running.app);
    // Two authors of the member's own domain, signed by it: DKIM vouches, so the subject is theirs.
    const mail = await message(world, [...twoAuthors(world).slice(0, 1), 'Subject: My answer'], {
      signer: 'student-mail.example',
    });
    const row = await outcome(world, world.mentee.email, mail);
    expect([row.status, row.reason]).toEqual(['rejected', 'malformed']);
    expect(row.auth).toMatchObject({ dkim: 'pass', verdict: 'pass' });
    expect(row.subject).toBe('My answer');
    expect(await deliveriesFor(world, row)).toEqual([
      {
        kind: 'notice',
        to: world.mentee.email,
        input: {
          name: 'notice-rejected-malformed',
          props: expect.objectContaining({ problem: 'several_from', originalSubject: 'My answer' }),
        },
      },
    ]);
  });

  it('reads the sender of an email without From from its envelope', async () => {
    const world = await createPairingWorld(running.app);
    const mail = await message(world, ['Subject: No author']);
    const row = await outcome(world, world.mentor.email, mail, TRUSTED_CLIENT);
    expect([row.status, row.reason, row.detail]).toEqual(['rejected', 'malformed', 'no From address']);
    expect(await deliveriesFor(world, row)).toEqual([
      {
        kind: 'notice',
        to: world.mentor.email,
        input: {
          name: 'notice-rejected-malformed',
          props: expect.objectContaining({ recipientName: 'Maria', problem: 'no_from' }),
        },
      },
    ]);
  });

  it('writes to nobody for mail that did not authenticate, or whose sender is not the member', async () => {
    const world = await createPairingWorld(running.app);
    // From the internet, unsigned: anyone can write a member's address.
    const unsigned = await outcome(world, world.mentee.email, await message(world, twoAuthors(world)));
    expect([unsigned.status, unsigned.reason]).toEqual(['rejected', 'malformed']);
    expect(unsigned.auth).toMatchObject({ verdict: 'none' });
    // A listed client, but the envelope is a stranger's: a From naming the member picks nobody.
    const stranger = await outcome(
      world,
      'someone@elsewhere.example',
      await message(world, twoAuthors(world)),
      TRUSTED_CLIENT,
    );
    expect([stranger.status, stranger.reason]).toEqual(['rejected', 'malformed']);
    // Mail with no header block at all, from the member's envelope but from the internet.
    const garbage = { raw: `\u0000\u0001 not an email\r\nMessage-ID: x\r\n`, messageId: '' };
    const sent = await SmtpTestClient.sendOnce(port, {
      from: world.mentee.email,
      to: [world.pairing.relayAddress],
      raw: garbage.raw,
    });
    expect(sent.data?.code).toBe(250);
    await waitFor(async () => {
      const rows = (await db.query(
        `SELECT status FROM inbound_emails WHERE recipient = $1 AND status = 'received'`,
        [world.pairing.relayAddress],
      )) as unknown[];
      return rows.length === 0 ? true : null;
    });
    const notices = await db
      .getRepository(Delivery)
      .find({ where: { kind: 'notice', pairingId: world.pairing.id } });
    expect(notices).toEqual([]);
  });

  it('relays a reply saved with an mbox line and a byte-order mark (tolerant intake)', async () => {
    const world = await createPairingWorld(running.app);
    const prefix = `\ufeffFrom ${world.mentee.email} Sat Dec  7 11:53:58 2019\r\n`;
    const mail = await message(world, [`From: Tom <${world.mentee.email}>`, 'Subject : Re: Week 3'], {
      signer: 'student-mail.example',
      prefix,
    });
    const row = await outcome(world, world.mentee.email, mail);
    expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
    expect(row.auth).toMatchObject({ dkim: 'pass', verdict: 'pass' });
    const relayed = await deliveriesFor(world, row);
    expect(relayed.map((d) => [d.kind, d.to])).toContainEqual(['relay', world.mentor.email]);
  });
});
