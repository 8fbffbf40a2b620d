import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Participant, ParticipantRole } from '../programs/entities/participant.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { NAME_PLACEHOLDER } from '../programs/participant-names';
import { ProgramsRepository } from '../programs/programs.repository';
import type { WithdrawnPlaces } from '../programs/member-withdrawal.repository';
import { ProgramsService } from '../programs/programs.service';
import { randomKey } from '../programs/relay-address';
import { DeskService } from '../desk/desk.service';
import type { JsonObject } from '../database/json';
import type { ParticipantProfile, ProfileSource, RoleWanted } from './entities/participant-profile.entity';
import { CONFIRM_ASK, EnrolmentMail, PROFILE_ASK, type Person } from './enrolment-mail';
import { EnrolmentRepository } from './enrolment.repository';
import { profileState } from './profile-state';
import { profileOptions } from './questionnaire/profile-options';
import { readReply, type Problem } from './questionnaire/questionnaire';
import { missingQuestions, needsGuardian, type ProfileState } from './questionnaire/questions';
import { consentNeeded } from './stage';

export interface Invitee {
  name: string;
  email: string;
  role: RoleWanted;
  preferredName?: string | null;
  timeZone?: string;
  locale?: string;
  guardianEmail?: string | null;
}

export interface Invited {
  participant: Participant;
  /** False when the address was already in the programme: nothing new was written or sent. */
  created: boolean;
  deliveries: Delivery[];
}

/**
 * Enrolment's steps: an invitation or a join email makes a participant and a profile and asks
 * them to confirm; confirming (a reply or the link's POST) sends the questions; replies fill the
 * profile until it is complete; a guardian consents for someone under the programme's age.
 * Every step runs in the caller's transaction and returns the emails to queue after it commits.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    private readonly repo: EnrolmentRepository,
    private readonly programs: ProgramsService,
    private readonly programsRepo: ProgramsRepository,
    private readonly mail: EnrolmentMail,
    private readonly desk: DeskService,
  ) {}

  /** Staff's invitation or a join email; the same address again changes nothing and sends nothing. */
  async enrol(
    tx: EntityManager,
    programme: Programme,
    who: Invitee,
    source: ProfileSource,
  ): Promise<Invited> {
    const known = await this.programs.findParticipantByAddress(programme.id, who.email, tx);
    if (known) return { participant: known, created: false, deliveries: [] };
    const role: ParticipantRole = who.role === 'mentor' ? 'mentor' : 'mentee';
    const participant = await this.programs.addParticipant(
      programme.id,
      {
        name: who.name,
        email: who.email,
        role,
        preferredName: who.preferredName,
        timeZone: who.timeZone,
        locale: who.locale,
      },
      tx,
    );
    const now = new Date().toISOString();
    const answers: JsonObject = {};
    // A role staff chose, or a join email that clearly said, is not asked (staff can change it).
    if (who.role !== 'either') answers.role = { text: who.role, at: now, fixed: true };
    if (who.preferredName) answers.preferred_name = { text: who.preferredName, at: now };
    const profile = await this.repo.insert(
      {
        participantId: participant.id,
        programmeId: programme.id,
        source,
        roleWanted: who.role,
        confirmToken: randomKey(16),
        answers,
        guardianEmail: who.guardianEmail ?? null,
        lastAskedAt: new Date(),
      },
      tx,
    );
    const delivery = await this.mail.confirm(
      tx,
      { participant, profile, programme },
      `enrol:confirm:${participant.id}`,
      false,
    );
    return { participant, created: true, deliveries: delivery ? [delivery] : [] };
  }

  async person(tx: EntityManager, participant: Participant, programme: Programme): Promise<Person | null> {
    const profile = await this.repo.findForUpdate(participant.id, tx);
    return profile ? { participant, profile, programme } : null;
  }

  async personById(tx: EntityManager, participantId: string): Promise<Person | null> {
    const participant = await this.programsRepo.findParticipant(participantId, tx);
    if (!participant) return null;
    const programme = await this.programsRepo.findProgramme(participant.programmeId, tx);
    return programme ? this.person(tx, participant, programme) : null;
  }

  /** Double opt-in done: the questions go out. Idempotent: a second confirmation sends nothing. */
  async confirm(tx: EntityManager, p: Person): Promise<Delivery[]> {
    if (!(await this.repo.markConfirmed(p.participant.id, tx))) return [];
    for (const ask of await this.desk.openAsks(tx, p.participant.id, CONFIRM_ASK))
      await this.desk.close(tx, ask.id);
    const delivery = await this.mail.questions(tx, p, `enrol:questions:${p.participant.id}`, 'first');
    return delivery ? [delivery] : [];
  }

  /** A clear no: nothing more is asked of them (no reminders); their row stays for staff. */
  async decline(tx: EntityManager, p: Person): Promise<void> {
    await this.repo.update(p.participant.id, { declinedAt: new Date() }, tx);
    for (const kind of [CONFIRM_ASK, PROFILE_ASK])
      for (const ask of await this.desk.openAsks(tx, p.participant.id, kind))
        await this.desk.close(tx, ask.id);
  }

  /**
   * A reply with answers (after the questions, or after `#profile`): the usable ones are kept;
   * then the summary when the profile is complete (or was, and changed), else only what is still
   * missing, or "I could not read that" when nothing was usable.
   */
  async answer(
    tx: EntityManager,
    p: Person,
    text: string,
    inboundEmailId: string,
    inOrder: boolean,
  ): Promise<{ deliveries: Delivery[]; detail: string }> {
    const options = profileOptions(p.programme.profileOptions);
    const rules = { consentAge: p.programme.consentAge };
    const before = profileState(p);
    const read = readReply(text, before, {
      rules,
      options,
      inOrder,
      ownAddresses: [p.participant.email, ...p.participant.emailAliases],
      now: new Date(),
    });
    const key = (what: string) => `enrol:${what}:${p.participant.id}:${inboundEmailId}`;
    const sent = async (d: Promise<Delivery | null>) => {
      const delivery = await d;
      return delivery ? [delivery] : [];
    };
    if (read.accepted.length === 0) {
      const deliveries = await sent(
        this.mail.questions(tx, p, key('unreadable'), 'unreadable', read.problems),
      );
      return { deliveries, detail: `nothing usable (${read.problems.length} problem(s))` };
    }
    const state = read.state;
    await this.save(tx, p, state);
    const deliveries: Delivery[] = [];
    deliveries.push(...(await this.askGuardian(tx, p, before, state)));
    const complete = missingQuestions(state, rules, options).length === 0;
    const guardianPending = consentNeeded(state, rules) && !p.profile.guardianConsentedAt;
    if (complete) {
      const wasComplete = p.profile.profileCompletedAt !== null;
      if (!wasComplete) await this.repo.update(p.participant.id, { profileCompletedAt: new Date() }, tx);
      for (const ask of await this.desk.openAsks(tx, p.participant.id, PROFILE_ASK))
        await this.desk.close(tx, ask.id);
      const mode = wasComplete ? 'updated' : 'complete';
      deliveries.push(
        ...(await sent(this.mail.summary(tx, p, key('summary'), mode, guardianPending, state))),
      );
      return { deliveries, detail: `${read.accepted.join(', ')}: profile ${mode}` };
    }
    for (const ask of await this.desk.openAsks(tx, p.participant.id, PROFILE_ASK))
      await this.desk.close(tx, ask.id);
    deliveries.push(...(await sent(this.mail.questions(tx, p, key('again'), 'again', read.problems, state))));
    return {
      deliveries,
      detail: `${read.accepted.join(', ')}; ${read.problems.length} problem(s); still missing`,
    };
  }

  /** `#profile`: every answer so far, to correct by number. */
  async showProfile(tx: EntityManager, p: Person, inboundEmailId: string): Promise<Delivery[]> {
    const d = await this.mail.questions(
      tx,
      p,
      `enrol:profile:${p.participant.id}:${inboundEmailId}`,
      'profile',
    );
    return d ? [d] : [];
  }

  /** Where they are, again: the confirmation, the questions still open, or the summary. */
  async remindStage(tx: EntityManager, p: Person, dedupeKey: string): Promise<Delivery[]> {
    const rules = { consentAge: p.programme.consentAge };
    const d = !p.profile.confirmedAt
      ? await this.mail.confirm(tx, p, dedupeKey, true)
      : !p.profile.profileCompletedAt
        ? await this.mail.questions(tx, p, dedupeKey, 'reminder')
        : await this.mail.summary(
            tx,
            p,
            dedupeKey,
            'status',
            consentNeeded(p.profile, rules) && !p.profile.guardianConsentedAt,
          );
    return d ? [d] : [];
  }

  /** The guardian's consent link was posted. */
  async guardianConsented(tx: EntityManager, profile: ParticipantProfile): Promise<boolean> {
    return this.repo.markGuardianConsented(profile.participantId, tx);
  }

  /**
   * The guardian's withdrawal was posted: consent is withdrawn (matching waits for it again), the
   * person's active pairs are paused and they leave their groups; staff see it in the work queue
   * (`consent_withdrawn`) and decide what follows. Consenting again resumes nothing. Posted again,
   * it withdraws again whatever staff resumed meanwhile. Null when no consent was ever given.
   */
  async guardianWithdrew(tx: EntityManager, profile: ParticipantProfile): Promise<WithdrawnPlaces | null> {
    const at =
      (await this.repo.markGuardianWithdrawn(profile.participantId, tx)) ??
      profile.guardianConsentWithdrawnAt;
    return at ? this.programs.withdrawMember(profile.participantId, at, tx) : null;
  }

  private async askGuardian(
    tx: EntityManager,
    p: Person,
    before: ProfileState,
    after: ProfileState,
  ): Promise<Delivery[]> {
    const rules = { consentAge: p.programme.consentAge };
    if (!needsGuardian(after, rules) || !after.guardianEmail || p.profile.guardianConsentedAt) return [];
    if (p.profile.guardianToken && before.guardianEmail === after.guardianEmail) return [];
    // A new address gets a new link: the old one (sent elsewhere) stops working.
    const token = randomKey(16);
    await this.repo.update(p.participant.id, { guardianToken: token }, tx);
    const d = await this.mail.guardian(tx, p, after.guardianEmail, token);
    return d ? [d] : [];
  }

  private async save(tx: EntityManager, p: Person, s: ProfileState): Promise<void> {
    await this.repo.update(
      p.participant.id,
      {
        roleWanted: s.roleWanted,
        answers: s.answers as JsonObject,
        goals: s.goals,
        topics: s.topics,
        industry: s.industry,
        languages: s.languages,
        // A person's languages are background a partner's preference can name ("must speak Spanish").
        background: s.languages,
        availability: s.availability,
        bio: s.bio,
        preferences: s.preferences,
        capacity: s.roleWanted === 'mentee' ? null : s.capacity,
        age: s.age,
        guardianEmail: s.guardianEmail,
      },
      tx,
    );
    const role = s.roleWanted === 'mentor' ? 'mentor' : 'mentee';
    // A join email that gave no usable name left the placeholder: the first name they chose
    // replaces it, so staff and partners see it too.
    const name =
      p.participant.name === NAME_PLACEHOLDER && s.preferredName ? s.preferredName : p.participant.name;
    await this.programs.updateParticipantDetails(
      p.participant.id,
      { name, preferredName: s.preferredName, timeZone: s.timeZone ?? p.participant.timeZone, role },
      tx,
    );
    p.participant.name = name;
    p.participant.preferredName = s.preferredName;
    p.participant.timeZone = s.timeZone ?? p.participant.timeZone;
    p.participant.role = role;
  }
}

export type { Problem };
