import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DeskService } from '../desk/desk.service';
import { awaitsScreening } from '../matching/readiness';
import type { NoticePayload } from '../notices/notice.composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import type { Participant } from '../programs/entities/participant.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { greetingName, NAME_PLACEHOLDER } from '../programs/participant-names';
import type { EnrolQuestionsProps, EnrolSummaryProps } from '../rendering/template-props';
import type { ParticipantProfile } from './entities/participant-profile.entity';
import type { Problem } from './questionnaire/questionnaire';
import { profileOptions } from './questionnaire/profile-options';
import { missingQuestions, questionsFor, recordedValue, type ProfileState } from './questionnaire/questions';
import { profileState } from './profile-state';

/**
 * "Hi <name>" in the person's own enrolment emails. Someone whose join email gave no usable name
 * is greeted "Hi there" until they answer the questionnaire's name question.
 */
function hello(p: Participant, preferredName?: string | null): string {
  const name = preferredName ?? greetingName(p);
  return name === NAME_PLACEHOLDER ? 'there' : name;
}

/** The desk ask kinds enrolment answers (see DeskRegistry). */
export const CONFIRM_ASK = 'enrol-confirm';
export const PROFILE_ASK = 'enrol-profile';

export interface Person {
  participant: Participant;
  profile: ParticipantProfile;
  programme: Programme;
}

/**
 * What the summary may promise someone who would mentor: nothing about a match while the
 * programme screens mentors and their background check or training is not recorded.
 */
function screeningPending(
  p: Person,
  role: ProfileState['roleWanted'],
): EnrolSummaryProps['screeningPending'] {
  if (role !== 'mentor' && role !== 'either') return null;
  return awaitsScreening(p.participant, p.programme) ? role : null;
}

/**
 * Enrolment's emails, each from the person's own desk address so that their reply comes back
 * to enrolment: the confirmation and the questions are asks; the summary is told. The guardian's
 * email goes from the notices address: the guardian has no desk, and nobody reads replies there.
 */
@Injectable()
export class EnrolmentMail {
  constructor(
    private readonly desk: DeskService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  private base(p: Person) {
    return { lang: p.participant.locale || 'en', programmeName: p.programme.name };
  }

  async confirm(
    tx: EntityManager,
    p: Person,
    dedupeKey: string,
    reminder: boolean,
  ): Promise<Delivery | null> {
    const asked = await this.desk.ask(tx, {
      participantId: p.participant.id,
      toAddress: p.participant.email,
      dedupeKey,
      reason: 'enrol-confirm',
      kind: CONFIRM_ASK,
      input: {
        name: 'enrol-confirm',
        props: {
          ...this.base(p),
          recipientName: hello(p.participant),
          invitedBy: p.profile.source === 'invite' ? 'staff' : 'join',
          roleText:
            p.profile.source === 'invite' && p.profile.roleWanted !== 'either'
              ? (p.profile.roleWanted ?? undefined)
              : undefined,
          programmeDescription: p.programme.description ?? undefined,
          termsUrl: p.programme.termsUrl ?? undefined,
          confirmUrl: `${this.config.publicRoot}/confirm/${p.profile.confirmToken}`,
          reminder,
        },
      },
    });
    return asked?.delivery ?? null;
  }

  /** The questions still missing (or, for `profile`, every question with its current answer). */
  async questions(
    tx: EntityManager,
    p: Person,
    dedupeKey: string,
    mode: EnrolQuestionsProps['mode'],
    problems: Problem[] = [],
    state: ProfileState = profileState(p),
  ): Promise<Delivery | null> {
    const options = profileOptions(p.programme.profileOptions);
    const rules = { consentAge: p.programme.consentAge };
    const all = questionsFor(state, rules, options);
    const missing = mode === 'profile' ? [] : missingQuestions(state, rules, options);
    const recorded =
      mode === 'profile' || mode === 'again'
        ? all
            .filter((q) => !missing.includes(q) && !missing.some((m) => m.number === q.number))
            .map((q) => ({ number: q.number, label: q.label, value: recordedValue(q, state, options) }))
        : [];
    const asked = await this.desk.ask(tx, {
      participantId: p.participant.id,
      toAddress: p.participant.email,
      dedupeKey,
      reason: 'enrol-questions',
      kind: PROFILE_ASK,
      input: {
        name: 'enrol-questions',
        props: {
          ...this.base(p),
          recipientName: hello(p.participant, state.preferredName),
          mode,
          questions: missing.map((q) => ({ number: q.number, text: q.text, options: q.options })),
          recorded,
          problems,
        },
      },
    });
    return asked?.delivery ?? null;
  }

  async summary(
    tx: EntityManager,
    p: Person,
    dedupeKey: string,
    mode: EnrolSummaryProps['mode'],
    guardianPending: boolean,
    state: ProfileState = profileState(p),
  ): Promise<Delivery | null> {
    const options = profileOptions(p.programme.profileOptions);
    const rules = { consentAge: p.programme.consentAge };
    const recorded = questionsFor(state, rules, options).map((q) => ({
      number: q.number,
      label: q.label,
      value: recordedValue(q, state, options),
    }));
    return this.desk.tell(tx, {
      participantId: p.participant.id,
      toAddress: p.participant.email,
      dedupeKey,
      reason: 'enrol-summary',
      input: {
        name: 'enrol-summary',
        props: {
          ...this.base(p),
          recipientName: hello(p.participant, state.preferredName),
          mode,
          recorded,
          guardianPending,
          screeningPending: screeningPending(p, state.roleWanted),
        },
      },
    });
  }

  async guardian(tx: EntityManager, p: Person, to: string, token: string): Promise<Delivery | null> {
    const payload: NoticePayload = {
      reason: 'enrol-guardian-consent',
      input: {
        name: 'enrol-guardian-consent',
        props: {
          ...this.base(p),
          childName: p.participant.preferredName ?? greetingName(p.participant),
          consentAge: p.programme.consentAge ?? 18,
          programmeDescription: p.programme.description ?? undefined,
          termsUrl: p.programme.termsUrl ?? undefined,
          consentUrl: `${this.config.publicRoot}/consent/${token}`,
        },
      },
    };
    const [delivery] = await this.outbox.queueMany(tx, [
      {
        dedupeKey: `enrol:guardian:${p.participant.id}:${token}`,
        kind: 'notice',
        pairingId: null,
        recipientId: p.participant.id,
        toAddress: to,
        payload: payload as never,
      },
    ]);
    return delivery ?? null;
  }
}
