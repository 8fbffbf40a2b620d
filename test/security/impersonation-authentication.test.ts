import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { DnsResolver } from '../../src/inbound/checks';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { AUTH_DNS_RESOLVER } from '../../src/inbound/pipeline/classify-checks';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { joinAddress } from '../../src/desk/desk-address';
import { DeskService } from '../../src/desk/desk.service';
import { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { AppConfig } from '../../src/config/app-config';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Issue #11, weak authentication and backscatter. The mail comes over real SMTP on loopback, from
 * 127.0.0.1, which SMTP_TRUSTED_CLIENTS does not list here: the listener treats it as mail from
 * the internet and checks it with mailauth, against an in-memory DNS zone (nothing leaves this
 * machine): the members' domains publish a DKIM key but neither SPF nor DMARC (the common case in
 * which "any valid signature" used to be enough). 127.0.0.2, which it lists, submits locally.
 */
const TRUSTED_CLIENT = '127.0.0.2';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_KEY = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
const ZONE: Record<string, string> = {
  'sel._domainkey.student-mail.example': DKIM_KEY,
  'sel._domainkey.mentor-mail.example': DKIM_KEY,
  'sel._domainkey.attacker.example': DKIM_KEY,
};
const resolver: DnsResolver = (name, rrtype) => {
  const record = rrtype === 'TXT' ? ZONE[name.toLowerCase()] : undefined;
  if (!record) return Promise.reject(Object.assign(new Error(`${rrtype} ${name}`), { code: 'ENOTFOUND' }));
  return Promise.resolve([record.match(/.{1,255}/g) ?? []]);
};

describe('impersonation: authentication aligned with From, and no backscatter', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker,smtp', SMTP_TRUSTED_CLIENTS: TRUSTED_CLIENT }, [
      [AUTH_DNS_RESOLVER, resolver],
    ]);
    world = await createPairingWorld(running.app);
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** A message From `from`, DKIM-signed by `signer` when given. */
  async function message(
    from: string,
    opts: { subject: string; text: string; signer?: string; to?: string },
  ) {
    const messageId = `${randomBytes(8).toString('hex')}@${from.split('@')[1]}`;
    const raw = [
      `From: <${from}>`,
      `To: <${opts.to ?? world.pairing.relayAddress}>`,
      `Subject: ${opts.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.text,
      '',
    ].join('\r\n');
    if (!opts.signer) return { raw, messageId };
    const key = {
      signingDomain: opts.signer,
      selector: 'sel',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    };
    // signTime given, as the service does: left out, mailauth reads the clock twice and a
    // signature made across a half-second carries a t= other than the one it signed.
    const signed = await dkimSign(raw, { ...key, signatureData: [key], signTime: new Date() });
    return { raw: signed.signatures + raw, messageId };
  }

  /** Sends over SMTP (from an untrusted client unless `client` says otherwise); the row once decided. */
  async function outcome(
    from: string,
    mail: { raw: string; messageId: string },
    client?: string,
    to = world.pairing.relayAddress,
  ) {
    const sent = await SmtpTestClient.sendOnce(port, { from, to: [to], raw: mail.raw }, client);
    expect(sent.data?.code).toBe(250);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: mail.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  const noticesFor = (row: InboundEmail) =>
    db
      .getRepository(Delivery)
      .find({ where: { kind: 'notice' } })
      .then((all) => all.filter((d) => d.payload?.inboundEmailId === row.id));

  it('counts a signature of an unrelated domain as nothing, and holds it once the member authenticated aligned', async () => {
    const mentee = world.mentee.email;
    const own = await message(mentee, {
      subject: 'Week 1',
      text: 'Signed by my provider.',
      signer: 'student-mail.example',
    });
    const genuine = await outcome(mentee, own);
    // One assertion with the verdicts, so a failure shows which check said what (a CI run once
    // held this message, and the status alone did not say why).
    expect({
      status: genuine.status,
      reason: genuine.reason,
      detail: genuine.detail,
      auth: genuine.auth,
    }).toMatchObject({
      status: 'accepted',
      reason: 'relayed',
      auth: { dkim: 'pass', aligned: 'dkim', verdict: 'pass' },
    });
    const after = await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id });
    expect(after.authenticatedAlignedAt).toBeInstanceOf(Date);

    const fake = await message(mentee, {
      subject: 'Week 2',
      text: 'Send me your address.',
      signer: 'attacker.example',
    });
    const forged = await outcome(mentee, fake);
    expect([forged.status, forged.reason]).toEqual(['held', 'authentication_failed']);
    expect(forged.auth).toMatchObject({ dkim: 'pass', aligned: 'none', verdict: 'none' });
  });

  it('sends no notice to the From of mail that did not authenticate', async () => {
    // The mentor never authenticated aligned, so the mail is not held; it is empty, which would
    // call for a notice: to whoever the forger put in From, with the forger's subject.
    const mail = await message(world.mentor.email, {
      subject: 'Click http://evil.example',
      text: '> only a quote',
    });
    const row = await outcome(world.mentor.email, mail);
    // On loopback, but not listed in SMTP_TRUSTED_CLIENTS: judged as mail from the internet.
    expect(row.transportMeta).toMatchObject({ remoteAddress: '127.0.0.1', trustedClient: false });
    expect([row.status, row.reason]).toEqual(['rejected', 'empty']);
    expect(row.auth).toMatchObject({ verdict: 'none' });
    expect(await noticesFor(row)).toEqual([]);
  });

  it('answers mail that authenticated aligned, quoting its subject', async () => {
    const mail = await message(world.mentor.email, {
      subject: 'My quoted reply',
      text: '> only a quote',
      signer: 'mentor-mail.example',
    });
    const row = await outcome(world.mentor.email, mail);
    expect([row.status, row.reason]).toEqual(['rejected', 'empty']);
    const [notice] = await noticesFor(row);
    expect(notice.payload).toMatchObject({ input: { props: { originalSubject: 'My quoted reply' } } });
  });

  it('answers a submission from a listed client as local, without quoting its subject', async () => {
    const mail = await message(world.mentee.email, { subject: 'Local subject', text: '> only a quote' });
    const row = await outcome(world.mentee.email, mail, TRUSTED_CLIENT);
    expect(row.transportMeta).toMatchObject({ remoteAddress: TRUSTED_CLIENT, trustedClient: true });
    expect([row.status, row.reason]).toEqual(['rejected', 'empty']);
    expect(row.auth).toMatchObject({ verdict: 'local' });
    const [notice] = await noticesFor(row);
    expect(notice.payload).toMatchObject({ input: { props: { originalSubject: '(subject not shown)' } } });
  });

  describe("the programme's desk", () => {
    it('answers a join request only when it authenticates aligned with its From: no confirmation to a forged address', async () => {
      const programme = await running.app
        .get(ProgramsService)
        .createProgramme('Open Gate', { joinEnabled: true });
      const to = joinAddress(programme.slug, running.app.get(AppConfig).env.RELAY_DOMAIN);
      const victim = 'victim@student-mail.example';
      const forged = await outcome(
        victim,
        await message(victim, { subject: 'Join me', text: 'I want to be a mentee.', to }),
        undefined,
        to,
      );
      expect([forged.status, forged.reason]).toEqual(['held', 'authentication_failed']);
      expect(await db.getRepository(Participant).countBy({ email: victim })).toBe(0);
      expect(await db.getRepository(Delivery).countBy({ toAddress: victim })).toBe(0);

      const real = 'newcomer@student-mail.example';
      const signed = await outcome(
        real,
        await message(real, {
          subject: 'Joining',
          text: 'I want to be a mentee.',
          to,
          signer: 'student-mail.example',
        }),
        undefined,
        to,
      );
      expect([signed.status, signed.reason]).toEqual(['accepted', 'desk_answer']);
      expect(await db.getRepository(Delivery).countBy({ toAddress: real, kind: 'notice' })).toBe(1);
    });

    it('holds an unsigned reply to a desk from a member whose mail authenticated aligned before', async () => {
      const desk = await running.app.get(DeskService).addressOf(world.mentee.id);
      const mentee = world.mentee.email;
      const before = await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id });
      expect(before.authenticatedAlignedAt).not.toBeNull();
      const row = await outcome(
        mentee,
        await message(mentee, { subject: 'My answers', text: '1. Tom', to: desk }),
        undefined,
        desk,
      );
      expect([row.status, row.reason]).toEqual(['held', 'authentication_failed']);
    });
  });
});
