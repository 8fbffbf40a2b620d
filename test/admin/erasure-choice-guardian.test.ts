import { DataSource } from 'typeorm';
import { ParticipantRemovalService } from '../../src/admin/people/participant-removal.service';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { CLOCK } from '../../src/prompts/clock';
import { ChoiceMailbox } from '../choice/choice-world';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';

// Real PostgreSQL, Redis and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * "Remove with their data" where the person's words travel in emails to others that belong to
 * no pairing (a mentee's choice: the offers and the mentor's request), and where a minor's
 * guardian left their own address and mail behind.
 */
describe('erasure reaches choice emails and a guardian’s traces', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let removal: ParticipantRemovalService;
  let mail: ChoiceMailbox;
  let staffId: string;
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  let programme: Programme;
  let amira: Participant;
  let jordan: Participant;
  let zebulon: Participant;

  const AMIRA_BIO = 'Second-year student who builds submarine robots in Tromsø.';
  const ZEBULON_BIO = 'Runs a letterpress studio beside the canal.';

  /** Every delivery payload, event and suppression as text, to search for what should be gone. */
  const outboundText = async (): Promise<string> => {
    const rows: { t: string }[] = await db.query(
      `SELECT coalesce(payload::text, '') || ' ' || to_address AS t FROM deliveries
       UNION ALL SELECT recipient || ' ' || coalesce(detail, '') FROM delivery_events
       UNION ALL SELECT address || ' ' || reason FROM suppressions`,
    );
    return rows.map((r) => r.t).join('\n');
  };
  const payloadsTo = async (p: Participant): Promise<string> => {
    const rows: { t: string }[] = await db.query(
      `SELECT payload::text AS t FROM deliveries WHERE recipient_id = $1 AND payload IS NOT NULL`,
      [p.id],
    );
    return rows.map((r) => r.t).join('\n');
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    removal = running.app.get(ParticipantRemovalService);
    mail = new ChoiceMailbox(running, env.outboxDir);
    staffId = (await createAdmin(running.app, 'erasure-staff@staff.example', 'correct horse battery')).id;
    const app = running.app;
    programme = await choiceProgramme(app, 'Erasure choosers');
    amira = await readyPerson(app, programme, {
      name: 'Amira Haddad',
      role: 'mentee',
      topics: ['software', 'interviews', 'confidence'],
      goals: ['first-job', 'open-a-bakery'],
      bio: AMIRA_BIO,
    });
    jordan = await readyPerson(app, programme, {
      name: 'Jordan Reyes',
      role: 'mentor',
      topics: ['software', 'interviews', 'confidence'],
      goals: ['first-job'],
      industry: 'Software',
      bio: 'Backend engineer, switched careers at 30.',
    });
    zebulon = await readyPerson(app, programme, {
      name: 'Zebulon Okafor',
      role: 'mentor',
      topics: ['software', 'confidence'],
      industry: 'Letterpress printing',
      bio: ZEBULON_BIO,
    });
    await readyPerson(app, programme, { name: 'Priya Shah', role: 'mentor', topics: ['software'] });

    // The offers go to Amira; she picks Jordan, who is asked with her first name, bio and goals.
    await expect(running.app.get(ChoiceService).run(clock.now())).resolves.toMatchObject({ suggested: 1 });
    const offers = await mail.next(amira, /^Mentors for you to choose from$/);
    expect(offers.parsed.text).toContain(ZEBULON_BIO);
    const { rank } = await db
      .getRepository(MatchRequest)
      .findOneByOrFail({ menteeId: amira.id, mentorId: jordan.id });
    await mail.reply(amira, offers, { text: String(rank) });
    const request = await mail.next(jordan, /^Amira would like you as their mentor$/);
    expect(request.parsed.text).toContain(AMIRA_BIO);
    expect(request.parsed.text).toContain('open a bakery');
  }, 120_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('takes an erased mentor’s name, bio and line of work out of the mentee’s offers', async () => {
    const before = await payloadsTo(amira);
    expect(before).toContain(ZEBULON_BIO);
    expect(before).toContain('"Zebulon"');

    await removal.remove(zebulon.id, staffId);

    const after = await payloadsTo(amira);
    for (const trace of ['Zebulon', 'Okafor', ZEBULON_BIO, 'letterpress', 'Letterpress', zebulon.email])
      expect(after).not.toContain(trace);
    // The other offers and the mentee's own email still read as they did.
    expect(after).toContain('"Jordan"');
    expect(after).toContain('Backend engineer, switched careers at 30.');
    expect(after).toContain('"Amira"');
  });

  it('takes an erased mentee’s name, bio, goals and address out of the mentor’s choice request, and everywhere', async () => {
    const events = async (address: string) =>
      db.query(
        `INSERT INTO delivery_events (message_ref, recipient, type, source, occurred_at, detail)
         VALUES ($1, $2, 'delivery', 'ses', now(), $3)`,
        [`ref-${address}`, address, `delivered to ${address}`],
      );
    await events(amira.email);
    expect(await payloadsTo(jordan)).toContain(AMIRA_BIO);

    await removal.remove(amira.id, staffId);

    const everywhere = await outboundText();
    for (const trace of ['Amira', 'Haddad', AMIRA_BIO, 'Tromsø', 'bakery', amira.email, 'amira.haddad'])
      expect(everywhere).not.toContain(trace);
    // Jordan's own emails are still his: his greeting stays.
    expect(await payloadsTo(jordan)).toContain('"Jordan"');
  });

  describe('a minor’s guardian', () => {
    let child: Programme;

    const minor = async (name: string, guardian: string): Promise<Participant> => {
      const p = await readyPerson(running.app, child, { name, role: 'mentee', topics: ['reading'] });
      await db.query(
        `UPDATE participant_profiles SET age = 14, guardian_email = $2, guardian_consented_at = now()
          WHERE participant_id = $1`,
        [p.id, guardian],
      );
      return p;
    };
    /** What the guardian leaves: the consent email's record and feedback, a suppression, mail they sent. */
    const guardianTraces = async (p: Participant, guardian: string): Promise<void> => {
      const [{ id }]: { id: string }[] = await db.query(
        `INSERT INTO deliveries (dedupe_key, kind, status, recipient_id, to_address, message_id, payload, sent_at)
         VALUES ($1, 'notice', 'sent', $2, $3, $4, $5, now()) RETURNING id`,
        [
          `enrol:guardian:${p.id}:token`,
          p.id,
          guardian,
          `<consent-${p.id}@relay.localhost>`,
          JSON.stringify({ reason: 'enrol-guardian-consent', input: { name: 'enrol-guardian-consent' } }),
        ],
      );
      await db.query(
        `INSERT INTO delivery_events (message_ref, recipient, type, source, delivery_id, occurred_at, detail)
         VALUES ($1, $2, 'complaint', 'ses', $3, now(), 'abuse report')`,
        [`consent-${p.id}`, guardian, id],
      );
      await db.query(
        `INSERT INTO suppressions (address, reason, source) VALUES ($1, 'complaint', 'ses')
         ON CONFLICT (address) DO NOTHING`,
        [guardian],
      );
      await db.query(
        `INSERT INTO inbound_emails (source, dedupe_key, envelope_from, recipient, sender, raw, size, status,
                                     reason, from_address, subject)
         VALUES ('smtp', $1, $2, 'notices@relay.localhost', $2, $3, 60, 'ignored', 'notices_address', $2, $4)`,
        [
          `guardian-mail-${p.id}`,
          guardian,
          Buffer.from(`From: ${guardian}\r\nSubject: about my child\r\n\r\nPlease call me on 0123.`),
          'about my child',
        ],
      );
    };
    const tracesOf = async (address: string) => {
      const [row]: { events: number; suppressions: number; inbound: number; deliveries: number }[] =
        await db.query(
          `SELECT (SELECT count(*) FROM delivery_events WHERE recipient = $1)::int AS events,
                  (SELECT count(*) FROM suppressions WHERE address = $1)::int AS suppressions,
                  (SELECT count(*) FROM inbound_emails
                    WHERE sender = $1 OR from_address = $1 OR envelope_from = $1
                       OR position(convert_to($1, 'UTF8') IN coalesce(raw, '')) > 0)::int AS inbound,
                  (SELECT count(*) FROM deliveries WHERE to_address = $1 OR payload::text LIKE '%' || $1 || '%')::int
                    AS deliveries`,
          [address],
        );
      return row;
    };

    beforeAll(async () => {
      child = await choiceProgramme(running.app, 'Young readers', { consentAge: 16 });
    });

    it('removes the guardian’s address, feedback, suppression and own mail with the minor', async () => {
      const guardian = 'parent.of.ava@family.example';
      const ava = await minor('Ava Lund', guardian);
      await guardianTraces(ava, guardian);
      expect(await tracesOf(guardian)).toEqual({ events: 1, suppressions: 1, inbound: 1, deliveries: 1 });

      await removal.remove(ava.id, staffId);

      expect(await tracesOf(guardian)).toEqual({ events: 0, suppressions: 0, inbound: 0, deliveries: 0 });
      const [{ left }]: { left: number }[] = await db.query(
        `SELECT count(*)::int AS left FROM participant_profiles WHERE guardian_email = $1`,
        [guardian],
      );
      expect(left).toBe(0);
    });

    it('keeps a guardian address that is still another live participant’s (a sibling’s guardian)', async () => {
      const guardian = 'parent.of.twins@family.example';
      const mia = await minor('Mia Berg', guardian);
      await minor('Leo Berg', guardian);
      await guardianTraces(mia, guardian);

      await removal.remove(mia.id, staffId);

      // Mia's own consent email goes (it named her); what the address itself did stays for Leo.
      expect(await tracesOf(guardian)).toEqual({ events: 1, suppressions: 1, inbound: 1, deliveries: 0 });
    });

    it('keeps a guardian address that is a live participant’s own', async () => {
      const guardian = 'omar.mentor@people.example';
      await readyPerson(running.app, child, { name: 'Omar Vale', role: 'mentor', email: guardian });
      const finn = await minor('Finn Vale', guardian);
      await guardianTraces(finn, guardian);

      await removal.remove(finn.id, staffId);

      expect(await tracesOf(guardian)).toEqual({ events: 1, suppressions: 1, inbound: 1, deliveries: 0 });
    });
  });
});
