import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeskService } from '../desk/desk.service';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Participant } from '../programs/entities/participant.entity';
import { contactFilterOn, type Programme } from '../programs/entities/programme.entity';
import { formatLocal } from '../prompts/schedule/local-time';
import type {
  ChoiceAnswerProps,
  ChoiceSuggestionsLead,
  ChoiceUpdateProps,
  SuggestedMentorCard,
} from '../rendering/template-props';
import type { ChoicePerson } from './choice.repository';
import type { MatchRequest } from './entities/match-request.entity';
import { shownName, shownText } from './shown-person';

/** The desk asks kinds this module answers (see DeskRegistry). */
export const PICK_KIND = 'choice-pick';
export const REQUEST_KIND = 'choice-request';

const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

function base(programme: Programme, to: Participant) {
  return {
    lang: LANG_TAG.test(to.locale) ? to.locale : 'en',
    programmeName: programme.name,
    recipientName: shownName(to),
  };
}

/** "3 days", "36 hours": the programme's reply window in words. */
export function replyHoursText(hours: number): string {
  return hours % 24 === 0
    ? `${hours / 24} day${hours === 24 ? '' : 's'}`
    : `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** "1, 2 or 3", "1 or 3", "2". */
export function numbersText(numbers: number[]): string {
  return numbers.length <= 1
    ? numbers.join('')
    : `${numbers.slice(0, -1).join(', ')} or ${numbers[numbers.length - 1]}`;
}

const keysText = (keys: string[]) => keys.map((k) => k.replace(/[-_]+/g, ' ')).join(', ') || undefined;

/**
 * The emails of a mentee's choice, each written from the recipient's own desk (so their reply
 * comes back to this module) in the caller's transaction; the caller queues them after commit.
 * Nothing of one side's address, surname or reply ever goes into the other side's email.
 */
@Injectable()
export class ChoiceMail {
  constructor(private readonly desk: DeskService) {}

  async suggestions(
    tx: EntityManager,
    programme: Programme,
    mentee: Participant,
    rows: MatchRequest[],
    mentors: ReadonlyMap<string, ChoicePerson>,
    lead: ChoiceSuggestionsLead,
    dedupeKey: string,
    previousName?: string,
  ): Promise<Delivery[]> {
    const cards: SuggestedMentorCard[] = rows.map((r) => {
      const mentor = mentors.get(r.mentorId)!;
      const name = shownName(mentor.participant);
      return {
        number: r.rank,
        name,
        roleText: shownText(mentor.profile.industry, mentor.participant, contactRules(programme)),
        bio: shownText(
          mentor.profile.bio ?? mentor.participant.about,
          mentor.participant,
          contactRules(programme),
        ),
        why: r.explanation,
      };
    });
    const asked = await this.desk.ask(tx, {
      participantId: mentee.id,
      toAddress: mentee.email,
      dedupeKey,
      reason: 'choice-suggestions',
      kind: PICK_KIND,
      refId: rows[0]?.id ?? null,
      input: {
        name: 'notice-choice-suggestions',
        props: {
          ...base(programme, mentee),
          lead,
          ...(previousName ? { previousName } : {}),
          mentors: cards,
          numbersText: numbersText(cards.map((c) => c.number)),
          replyHoursText: replyHoursText(programme.choiceReplyHours),
        },
      },
    });
    return asked ? [asked.delivery] : [];
  }

  async request(
    tx: EntityManager,
    programme: Programme,
    row: MatchRequest,
    mentor: Participant,
    mentee: ChoicePerson,
    dedupeKey: string,
    again = false,
  ): Promise<Delivery[]> {
    const asked = await this.desk.ask(tx, {
      participantId: mentor.id,
      toAddress: mentor.email,
      dedupeKey,
      reason: 'choice-request',
      kind: REQUEST_KIND,
      refId: row.id,
      input: {
        name: 'notice-choice-request',
        props: {
          ...base(programme, mentor),
          menteeName: shownName(mentee.participant),
          bio: shownText(
            mentee.profile.bio ?? mentee.participant.about,
            mentee.participant,
            contactRules(programme),
          ),
          goalsText: keysText(mentee.profile.goals),
          topicsText: keysText(mentee.profile.topics),
          why: row.explanation,
          answerByText: formatLocal(row.expiresAt!, mentor.timeZone, mentor.locale),
          ...(again ? { again } : {}),
        },
      },
    });
    return asked ? [asked.delivery] : [];
  }

  async update(
    tx: EntityManager,
    programme: Programme,
    mentee: Participant,
    dedupeKey: string,
    fact: Omit<ChoiceUpdateProps, 'lang' | 'programmeName' | 'recipientName' | 'answerByText'> & {
      answerBy?: Date | null;
    },
  ): Promise<Delivery[]> {
    const { answerBy, ...rest } = fact;
    const delivery = await this.desk.tell(tx, {
      participantId: mentee.id,
      toAddress: mentee.email,
      dedupeKey,
      reason: `choice-${fact.variant}`,
      input: {
        name: 'notice-choice-update',
        props: {
          ...base(programme, mentee),
          ...rest,
          ...(answerBy ? { answerByText: formatLocal(answerBy, mentee.timeZone, mentee.locale) } : {}),
        },
      },
    });
    return delivery ? [delivery] : [];
  }

  async answer(
    tx: EntityManager,
    programme: Programme,
    mentor: Participant,
    menteeName: string,
    variant: ChoiceAnswerProps['variant'],
    dedupeKey: string,
  ): Promise<Delivery[]> {
    const delivery = await this.desk.tell(tx, {
      participantId: mentor.id,
      toAddress: mentor.email,
      dedupeKey,
      reason: `choice-answer-${variant}`,
      input: {
        name: 'notice-choice-answer',
        props: {
          ...base(programme, mentor),
          menteeName,
          variant,
          replyHoursText: replyHoursText(programme.choiceReplyHours),
        },
      },
    });
    return delivery ? [delivery] : [];
  }

  /** Closes the person's open asks of `kind` (all, or the one about `refId`). */
  async closeAsks(tx: EntityManager, participantId: string, kind: string, refId?: string): Promise<void> {
    for (const ask of await this.desk.openAsks(tx, participantId, kind)) {
      if (refId === undefined || ask.refId === refId) await this.desk.close(tx, ask.id);
    }
  }
}

/** The contact filter's rules where the programme has it on (youth programmes by default). */
function contactRules(programme: Programme) {
  return contactFilterOn(programme) ? { allow: programme.contactAllow ?? [], keywords: [] } : undefined;
}
