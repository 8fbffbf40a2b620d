import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { AppConfig } from '../../src/config/app-config';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import type { RoleWanted } from '../../src/enrolment/entities/participant-profile.entity';
import { InviteService } from '../../src/enrolment/invite.service';
import { profileState } from '../../src/enrolment/profile-state';
import { profileOptions } from '../../src/enrolment/questionnaire/profile-options';
import { questionsFor, type QuestionKey } from '../../src/enrolment/questionnaire/questions';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

const SCREENING =
  'Before the programme matches you as a mentor, its staff record your background check and your ' +
  'safeguarding training. They will be in touch with you about both.';
const AS_MENTEE = 'Until then you may be matched as a mentee';
const NEXT =
  'What happens next: the programme matches you with a partner, and you will get an email introducing them.';

/**
 * The summary a person gets when their profile is complete (and when they ask where they are),
 * after real enrolment by email: staff invite, the person confirms by reply and answers the
 * questions by reply. In a programme that screens its mentors, a mentor whose background check
 * or training is not recorded is told that screening comes before any match, never that a match
 * comes next; mentees, and mentors where nobody is screened, are told what happens next.
 */
describe('what the enrolment summary promises a mentor awaiting screening', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let domain: string;
  let youth: Programme;
  let adults: Programme;
  const dir = mkdtempSync(join(tmpdir(), 'mm-screening-summary-'));
  let n = 0;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    domain = running.app.get(AppConfig).env.RELAY_DOMAIN;
    const programs = running.app.get(ProgramsService);
    youth = await programs.createProgramme('Young Voices', { consentAge: 16 });
    adults = await programs.createProgramme('Career Changers');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const flat = (mail: OutboxEmail) => (mail.parsed.text ?? '').replace(/\s+/g, ' ');

  /** The latest email to `to` whose subject matches. */
  const received = (to: string, subject: RegExp) =>
    waitFor(async () => {
      const mails = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === to && subject.test(m.parsed.subject ?? ''),
      );
      return mails.at(-1) ?? null;
    });

  /** `from` replies to their desk (to `mail`), through the inbound pipeline; resolves once it is handled. */
  const reply = async (from: string, mail: OutboxEmail, text: string): Promise<InboundEmail> => {
    const desk = mail.parsed.from!.value[0].address!;
    expect(desk).toMatch(new RegExp(`^desk-[a-z2-7]+@${domain.replace(/\./g, '\\.')}$`));
    const file = join(dir, `${++n}.eml`);
    writeFileSync(
      file,
      buildEmail({
        from,
        to: desk,
        subject: `Re: ${mail.parsed.subject}`,
        inReplyTo: mail.parsed.messageId!,
        text,
      }).raw,
    );
    const [{ id }] = await injectInbound(running.app, file);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      return row.status === 'received' ? null : row;
    });
  };

  /** Every question this person is asked now, answered, numbered as the questions email numbers them. */
  const answers = async (
    email: string,
    programme: Programme,
    given: Partial<Record<QuestionKey, string>>,
  ) => {
    const participant = await db.getRepository(Participant).findOneByOrFail({ email });
    const profile = await db
      .getRepository(ParticipantProfile)
      .findOneByOrFail({ participantId: participant.id });
    const defaults: Record<QuestionKey, string> = {
      role: 'mentor',
      preferred_name: 'Sam',
      goals: 'Find a job, confidence',
      topics: 'Coding',
      industry: 'tech',
      languages: 'English',
      time_zone: 'I live in London',
      availability: 'Tuesday and Thursday evenings',
      bio: 'I build software and like helping people find their way into it.',
      preferences: 'none',
      capacity: '1',
      age: '34',
      guardian_email: 'parent@family.example',
    };
    const state = profileState({ participant, profile });
    return questionsFor(state, { consentAge: programme.consentAge }, profileOptions(programme.profileOptions))
      .map((q) => `${q.number}. ${given[q.key] ?? defaults[q.key]}`)
      .join('\n');
  };

  /** Invited by staff, confirmed by reply, every question answered by reply: the summary they get. */
  const enrol = async (
    programme: Programme,
    who: { name: string; email: string; role: RoleWanted },
    given: Partial<Record<QuestionKey, string>> = {},
    before?: (participantId: string) => Promise<void>,
  ): Promise<OutboxEmail> => {
    const { id } = await running.app
      .get(InviteService)
      .inviteOne({ programmeId: programme.id, name: who.name, email: who.email, role: who.role });
    await before?.(id);
    const confirmation = await received(who.email, /confirm you want to join/);
    expect((await reply(who.email, confirmation, 'Yes please!')).detail).toBe('confirmed by reply');
    const questions = await received(who.email, /A few questions/);
    const answered = await reply(who.email, questions, await answers(who.email, programme, given));
    expect(answered.detail).toMatch(/profile complete$/);
    return received(who.email, /profile is complete/);
  };

  const recordScreening = (participantId: string, checks: ('background_checked_at' | 'trained_at')[]) =>
    db.query(`UPDATE participants SET ${checks.map((c) => `${c} = now()`).join(', ')} WHERE id = $1`, [
      participantId,
    ]);

  it('a mentor in a youth programme is told that screening comes first, not that a match comes next', async () => {
    const summary = await enrol(youth, {
      name: 'Maria Mentor',
      email: 'maria@mentors.example',
      role: 'mentor',
    });
    expect(flat(summary)).toContain(SCREENING);
    expect(flat(summary)).not.toContain(AS_MENTEE);
    expect(flat(summary)).not.toContain('What happens next');
    expect(flat(summary)).not.toContain('parent or guardian');
  });

  it('someone open to either role is told they may meanwhile be matched as a mentee', async () => {
    const summary = await enrol(
      youth,
      { name: 'Eli Either', email: 'eli@either.example', role: 'either' },
      { role: 'either', age: '19' },
    );
    expect(flat(summary)).toContain(`${SCREENING} ${AS_MENTEE}.`);
    expect(flat(summary)).not.toContain('What happens next');
  });

  it('a young mentor is told both waits: their guardian, and screening', async () => {
    const summary = await enrol(
      youth,
      { name: 'Tom Teen', email: 'tom@teens.example', role: 'mentor' },
      { age: '15', guardian_email: 'tom.parent@family.example' },
    );
    expect(flat(summary)).toContain(
      'We have written to your parent or guardian to ask their agreement. Nobody is matched with you before they agree.',
    );
    expect(flat(summary)).toContain(SCREENING);
    expect(flat(summary)).not.toContain('We match you once they agree');
    expect(flat(summary)).not.toContain('What happens next');
  });

  it("a mentee's summary in the same programme says what happens next, and nothing of screening", async () => {
    const summary = await enrol(
      youth,
      { name: 'Amira Mentee', email: 'amira@mentees.example', role: 'mentee' },
      { age: '17' },
    );
    expect(flat(summary)).toContain(NEXT);
    expect(flat(summary)).not.toContain('background check');
  });

  it('a mentor where nobody is screened is told what happens next', async () => {
    const summary = await enrol(adults, {
      name: 'Omar Adult',
      email: 'omar@mentors.example',
      role: 'mentor',
    });
    expect(flat(summary)).toContain(NEXT);
    expect(flat(summary)).not.toContain('background check');
  });

  it('a mentor whose check and training staff recorded before they finished is told what happens next', async () => {
    const summary = await enrol(
      youth,
      { name: 'Sara Screened', email: 'sara@mentors.example', role: 'mentor' },
      {},
      (id) => recordScreening(id, ['background_checked_at', 'trained_at']),
    );
    expect(flat(summary)).toContain(NEXT);
    expect(flat(summary)).not.toContain('background check');
  });

  it('asking where they are with only the background check recorded, screening still comes first', async () => {
    const maria = await db.getRepository(Participant).findOneByOrFail({ email: 'maria@mentors.example' });
    await recordScreening(maria.id, ['background_checked_at']);
    const summary = await received(maria.email, /profile is complete/);
    const handled = await reply(maria.email, summary, 'Any news about my match?');
    expect(handled.detail).toBe('nothing waiting; profile shown');
    const status = await received(maria.email, /^Where you are with Young Voices/);
    expect(flat(status)).toContain(SCREENING);
    expect(flat(status)).not.toContain('What happens next');
  });
});
