import { Injectable } from '@nestjs/common';
import { deskCommand, type DeskReply, type DeskResult, type JoinRequest } from '../desk/desk-registry';
import { NoticeRepository } from '../notices/notice.repository';
import { nameFromHeader } from '../programs/participant-names';
import { ProgramsService } from '../programs/programs.service';
import { CONFIRM_ASK, PROFILE_ASK } from './enrolment-mail';
import { EnrolmentService } from './enrolment.service';
import { parseRole } from './questionnaire/small-answers';
import { isClearNo } from './questionnaire/small-answers';

const accepted = (detail: string, deliveries: DeskResult['deliveries'] = []): DeskResult => ({
  outcome: { status: 'accepted', reason: 'desk_answer', detail },
  deliveries,
});

/**
 * Enrolment's side of the programme desk: join emails, replies to the confirmation and to the
 * questions, `#profile`, and replies when nothing is waiting. Registered by EnrolmentModule.
 */
@Injectable()
export class EnrolmentDesk {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly programs: ProgramsService,
    private readonly notices: NoticeRepository,
  ) {}

  /**
   * Someone wrote to the join address. A stranger becomes a participant and gets the
   * confirmation; nothing of what they wrote is sent to anyone. A known address is reminded of
   * its stage, at most once a day.
   */
  async join(request: JoinRequest): Promise<DeskResult> {
    const { tx, programme } = request;
    const address = request.fromAddress.trim().toLowerCase();
    const problem = this.programs.participantAddressProblem(address);
    if (problem) return { outcome: { status: 'rejected', reason: 'unknown_sender', detail: problem } };
    const known = await this.programs.findParticipantByAddress(programme.id, address, tx);
    if (known) {
      const person = await this.enrolment.person(tx, known, programme);
      if (!person) return accepted('already a participant (no profile)');
      if (!(await this.notices.claimNoticeWindow(address, `enrol-join:${programme.id}`, tx)))
        return accepted('already enrolling; reminded within 24 h');
      const deliveries = await this.enrolment.remindStage(
        tx,
        person,
        `enrol:join-again:${request.inboundEmailId}`,
      );
      return accepted('already enrolling; reminded of their stage', deliveries);
    }
    // Never the address, nor its local part: the name reaches partners, footers and digests.
    const name = nameFromHeader(request.fromName, address);
    const role = parseRole(`${request.subject ?? ''}\n${request.text}`) ?? 'either';
    const invited = await this.enrolment.enrol(tx, programme, { name, email: address, role }, 'join');
    return accepted(`joined as ${role}; confirmation sent`, invited.deliveries);
  }

  /** A reply to the confirmation: any reply is a yes, except a clear no. */
  async confirmReply(reply: DeskReply): Promise<DeskResult> {
    const person = await this.enrolment.person(reply.tx, reply.participant, reply.programme);
    if (!person) return accepted('no profile');
    if (person.profile.confirmedAt) return this.questionsReply(reply);
    if (isClearNo(reply.text)) {
      await this.enrolment.decline(reply.tx, person);
      return accepted('declined the invitation');
    }
    return accepted('confirmed by reply', await this.enrolment.confirm(reply.tx, person));
  }

  /** Answers to the questions, or `#profile` (with corrections after it, if any). */
  async questionsReply(reply: DeskReply): Promise<DeskResult> {
    const person = await this.enrolment.person(reply.tx, reply.participant, reply.programme);
    if (!person) return { outcome: { status: 'rejected', reason: 'desk_no_question', detail: 'no profile' } };
    // Replying to the questions is confirming, should the confirmation still be open.
    const confirmed = person.profile.confirmedAt ? [] : await this.enrolment.confirm(reply.tx, person);
    if (deskCommand(reply.text) === '#profile') {
      const rest = reply.text.replace(/^\s*#profile\b[ \t]*/i, '').trim();
      if (!rest)
        return accepted('#profile', await this.enrolment.showProfile(reply.tx, person, reply.inboundEmailId));
      const r = await this.enrolment.answer(reply.tx, person, rest, reply.inboundEmailId, false);
      return accepted(`#profile: ${r.detail}`, [...confirmed, ...r.deliveries]);
    }
    const fromProfileEmail = person.profile.profileCompletedAt !== null;
    const r = await this.enrolment.answer(
      reply.tx,
      person,
      reply.text,
      reply.inboundEmailId,
      !fromProfileEmail,
    );
    return accepted(r.detail, [...confirmed, ...r.deliveries]);
  }

  /**
   * A reply when nothing is waiting: an unconfirmed person's reply still confirms; someone
   * enrolling is shown where they are (once a day at most); anyone else is told nothing.
   */
  async idleReply(reply: DeskReply): Promise<DeskResult> {
    const person = await this.enrolment.person(reply.tx, reply.participant, reply.programme);
    if (!person || person.profile.declinedAt)
      return {
        outcome: { status: 'rejected', reason: 'desk_no_question', detail: 'no question is waiting' },
      };
    if (!person.profile.confirmedAt) return this.confirmReply(reply);
    if (!person.profile.profileCompletedAt) return this.questionsReply(reply);
    if (reply.text.split('\n').some((l) => /^[ \t]{0,8}\d{1,2}[ \t]{0,3}[.):]/.test(l)))
      return this.questionsReply(reply);
    if (!(await this.notices.claimNoticeWindow(reply.participant.email, 'enrol-idle', reply.tx)))
      return accepted('nothing waiting; shown within 24 h');
    const deliveries = await this.enrolment.remindStage(
      reply.tx,
      person,
      `enrol:idle:${reply.inboundEmailId}`,
    );
    return accepted('nothing waiting; profile shown', deliveries);
  }
}

export const ENROLMENT_KINDS = { confirm: CONFIRM_ASK, profile: PROFILE_ASK } as const;
