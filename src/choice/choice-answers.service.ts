import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeskService } from '../desk/desk.service';
import type { DeskResult } from '../desk/desk-registry';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { ProgramsService } from '../programs/programs.service';
import { awaitsScreening } from '../matching/readiness';
import { choiceSide, freePlaces } from './choice-readiness';
import { ChoiceMail, PICK_KIND, REQUEST_KIND } from './choice-mail';
import { ChoiceRepository, type ChoicePerson } from './choice.repository';
import { ChoiceService } from './choice.service';
import type { MatchRequest } from './entities/match-request.entity';
import { parseMenteeReply, parseMentorReply } from './parse-choice';
import { shownName } from './shown-person';

/** One reply to a choice email, in the transaction that records the email's outcome. */
export interface ChoiceReply {
  tx: EntityManager;
  programme: Programme;
  participantId: string;
  /** The reply's new text (quotes removed). */
  text: string;
  inboundEmailId: string;
  /** For a mentor's answer: the request its ask was about. */
  requestId?: string | null;
}

const done = (detail: string, deliveries: Delivery[] = []): DeskResult => ({
  outcome: { status: 'accepted', reason: 'desk_answer', detail },
  deliveries,
});

/** What a mentee's pick and a mentor's yes or no do. */
@Injectable()
export class ChoiceAnswers {
  constructor(
    private readonly repo: ChoiceRepository,
    private readonly mail: ChoiceMail,
    private readonly choice: ChoiceService,
    private readonly programs: ProgramsService,
    private readonly desk: DeskService,
  ) {}

  /** "1", "2", "3" (or a name, "the second"), "more", or anything else: "I could not read that". */
  async pick(reply: ChoiceReply, now: Date): Promise<DeskResult> {
    const { tx, programme, participantId: menteeId } = reply;
    await this.repo.lockParticipant(tx, menteeId);
    const mentee = await this.repo.person(menteeId, tx);
    if (!mentee || choiceSide(mentee.facts) !== 'mentee') {
      await this.mail.closeAsks(tx, menteeId, PICK_KIND);
      return done('choice: not choosing now (paired, or not ready)');
    }
    const asked = await this.repo.asked(menteeId, tx);
    if (asked) {
      const mentor = (await this.repo.person(asked.mentorId, tx))!;
      return done(
        'choice: a request is already out',
        await this.mail.update(tx, programme, mentee.participant, `choice:waiting:${reply.inboundEmailId}`, {
          variant: 'waiting',
          mentorName: shownName(mentor.participant),
          answerBy: asked.expiresAt,
        }),
      );
    }
    const offered = await this.repo.offered(menteeId, tx);
    if (offered.length === 0) {
      const fresh = await this.choice.offer(tx, programme, mentee, 'first', now);
      return done(
        'choice: nothing was on offer',
        fresh ?? (await this.choice.noneLeft(tx, programme, mentee, now)),
      );
    }
    const mentors = new Map<string, ChoicePerson>();
    for (const row of offered) mentors.set(row.mentorId, (await this.repo.person(row.mentorId, tx))!);
    // The names by the number shown: after a cascade some numbers are gone.
    const names = [1, 2, 3].map((n) => {
      const row = offered.find((r) => r.rank === n);
      return row ? shownName(mentors.get(row.mentorId)!.participant) : '';
    });
    const earlierAsks = await this.desk.openAsks(tx, menteeId, PICK_KIND);
    const closeEarlier = async () => {
      for (const ask of earlierAsks) await this.desk.close(tx, ask.id);
    };
    const parsed = parseMenteeReply(reply.text, names);
    const row = parsed?.kind === 'pick' ? offered.find((r) => r.rank === parsed.number) : undefined;
    if (row) {
      await closeEarlier();
      const sent = await this.choice.askMentor(tx, programme, row, mentee, now);
      const mentorName = names[row.rank - 1];
      if (!sent) {
        await this.repo.setStatus(tx, [row.id], 'lost', { answeredAt: now });
        return done(
          `choice: picked ${row.rank}, no longer free`,
          await this.choice.cascade(tx, programme, menteeId, 'lost', mentorName, now),
        );
      }
      const told = await this.mail.update(tx, programme, mentee.participant, `choice:asked:${row.id}`, {
        variant: 'asked',
        mentorName,
        answerBy: row.expiresAt,
      });
      return done(`choice: picked ${row.rank}`, [...sent.deliveries, ...told]);
    }
    if (parsed?.kind === 'more') {
      const more = await this.choice.offer(tx, programme, mentee, 'more', now);
      if (more) {
        await this.repo.setStatus(
          tx,
          offered.map((r) => r.id),
          'withdrawn',
        );
        await closeEarlier();
        return done('choice: three others', more);
      }
      // The suggestions stay on offer; staff are told someone is looking.
      await this.repo.wait(tx, programme.id, menteeId, now);
      return done(
        'choice: no others to suggest',
        await this.mail.update(tx, programme, mentee.participant, `choice:no-more:${reply.inboundEmailId}`, {
          variant: 'no-more',
        }),
      );
    }
    await closeEarlier();
    return done(
      'choice: could not read the pick',
      await this.mail.suggestions(
        tx,
        programme,
        mentee.participant,
        offered,
        mentors,
        'unreadable',
        `choice:unreadable:${reply.inboundEmailId}`,
      ),
    );
  }

  /**
   * A mentor's yes or no. Under the mentor's row lock, so two yeses for their last place are
   * answered one after the other: the first makes the pairing, the second finds its request lost.
   */
  async respond(reply: ChoiceReply, now: Date): Promise<DeskResult> {
    const { tx, programme, participantId: mentorId } = reply;
    await this.repo.lockParticipant(tx, mentorId);
    const row = reply.requestId ? await this.repo.lockRequest(tx, reply.requestId) : null;
    if (!row || row.mentorId !== mentorId) return done('choice: no request of theirs');
    const mentee = (await this.repo.person(row.menteeId, tx))!;
    const menteeName = shownName(mentee.participant);
    const answer = parseMentorReply(reply.text);
    const mentor = (await this.repo.person(mentorId, tx))!;
    if (row.status !== 'asked') {
      await this.mail.closeAsks(tx, mentorId, REQUEST_KIND, row.id);
      const variant = answer === 'yes' && row.status === 'lost' ? 'full' : 'closed';
      return done(
        `choice: request already ${row.status}`,
        await this.mail.answer(
          tx,
          programme,
          mentor.participant,
          menteeName,
          variant,
          `choice:late:${reply.inboundEmailId}`,
        ),
      );
    }
    if (answer === null) {
      await this.mail.closeAsks(tx, mentorId, REQUEST_KIND, row.id);
      return done(
        'choice: could not read yes or no',
        await this.mail.request(
          tx,
          programme,
          row,
          mentor.participant,
          mentee,
          `choice:again:${reply.inboundEmailId}`,
          true,
        ),
      );
    }
    await this.mail.closeAsks(tx, mentorId, REQUEST_KIND, row.id);
    const mentorName = shownName(mentor.participant);
    if (answer === 'no') {
      // The mentor's words stay here: the mentee hears only that they are not available.
      await this.repo.setStatus(tx, [row.id], 'declined', { answeredAt: now });
      return done('choice: declined', [
        ...(await this.mail.answer(
          tx,
          programme,
          mentor.participant,
          menteeName,
          'declined',
          `choice:answer:${row.id}`,
        )),
        ...(await this.choice.cascade(tx, programme, row.menteeId, 'declined', mentorName, now)),
      ]);
    }
    if (awaitsScreening(mentor.participant, programme)) {
      // Their screening was cleared since they were asked: they are told so, the mentee only that
      // this mentor cannot take them on (a mentor's checks are nobody else's business).
      await this.repo.setStatus(tx, [row.id], 'withdrawn', { answeredAt: now });
      return done('choice: yes, but screening not recorded', [
        ...(await this.mail.answer(
          tx,
          programme,
          mentor.participant,
          menteeName,
          'screening',
          `choice:answer:${row.id}`,
        )),
        ...(await this.choice.cascade(tx, programme, row.menteeId, 'declined', mentorName, now)),
      ]);
    }
    if (choiceSide(mentor.facts) !== 'mentor' || freePlaces(mentor.facts) <= 0) {
      await this.repo.setStatus(tx, [row.id], 'lost', { answeredAt: now });
      return done('choice: yes, but no place left', [
        ...(await this.mail.answer(
          tx,
          programme,
          mentor.participant,
          menteeName,
          'full',
          `choice:answer:${row.id}`,
        )),
        ...(await this.choice.cascade(tx, programme, row.menteeId, 'lost', mentorName, now)),
      ]);
    }
    if (choiceSide(mentee.facts) !== 'mentee') {
      await this.repo.setStatus(tx, [row.id], 'withdrawn', { answeredAt: now });
      return done(
        'choice: the mentee is no longer choosing',
        await this.mail.answer(
          tx,
          programme,
          mentor.participant,
          menteeName,
          'closed',
          `choice:answer:${row.id}`,
        ),
      );
    }
    return done('choice: accepted', await this.accept(tx, programme, row, mentor, mentee, now));
  }

  /** The pairing, with its relay address; welcomes follow from the tick (WelcomeService). */
  private async accept(
    tx: EntityManager,
    programme: Programme,
    row: MatchRequest,
    mentor: ChoicePerson,
    mentee: ChoicePerson,
    now: Date,
  ): Promise<Delivery[]> {
    await this.programs.setRole(mentor.participant.id, 'mentor', tx);
    await this.programs.setRole(mentee.participant.id, 'mentee', tx);
    await this.programs.createPairing(
      programme,
      { ...mentor.participant, role: 'mentor' },
      [{ ...mentee.participant, role: 'mentee' }],
      tx,
    );
    await this.repo.setStatus(tx, [row.id], 'accepted', { answeredAt: now });
    await this.repo.withdrawOffers(tx, mentee.participant.id);
    await this.repo.endWait(tx, mentee.participant.id);
    await this.mail.closeAsks(tx, mentee.participant.id, PICK_KIND);
    const mentorName = shownName(mentor.participant);
    const menteeName = shownName(mentee.participant);
    const out = [
      ...(await this.mail.update(tx, programme, mentee.participant, `choice:matched:${row.id}`, {
        variant: 'matched',
        mentorName,
      })),
      ...(await this.mail.answer(
        tx,
        programme,
        mentor.participant,
        menteeName,
        'accepted',
        `choice:answer:${row.id}`,
      )),
    ];
    if (freePlaces(mentor.facts) > 1) return out;
    // That was the last place: other mentees waiting for this mentor are told now, not in 72 hours.
    for (const other of await this.repo.askedOfMentor(mentor.participant.id, tx)) {
      await this.repo.setStatus(tx, [other.id], 'lost', { answeredAt: now });
      await this.mail.closeAsks(tx, mentor.participant.id, REQUEST_KIND, other.id);
      out.push(...(await this.choice.cascade(tx, programme, other.menteeId, 'lost', mentorName, now)));
    }
    return out;
  }
}
