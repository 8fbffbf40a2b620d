import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SIGNALS, type AttentionSignal } from '../../attention/signals';
import { PairingActionsRepository } from '../../attention/pairing-actions.repository';
import { PairingClosureService } from '../../closing/pairing-closure.service';
import { Transactor } from '../../database/transactor';
import type { NoticePayload } from '../../notices/notice.composer';
import { OutboxService } from '../../outbound/outbox.service';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../../prompts/clock';
import { nameOthersSee } from '../../programs/participant-names';
import { participantProps } from '../../prompts/participant-props';
import { UnsubscribeLinks } from '../../unsubscribe/unsubscribe-links';
import { AdminInputError, AdminNotFound } from '../admin.errors';

export interface Staff {
  staffId: string;
  staffEmail: string;
}

const MAX_SNOOZE_DAYS = 90;
const MAX_BODY = 5000;
const STAFF_CONTACT = 'your programme coordinator';

function signalOf(value: unknown): AttentionSignal {
  if (!SIGNALS.includes(value as AttentionSignal)) throw new AdminInputError('Unknown item.');
  return value as AttentionSignal;
}

function text(value: unknown, what: string, max: number): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) throw new AdminInputError(`Write ${what}.`);
  if (s.length > max)
    throw new AdminInputError(
      `${what[0].toUpperCase()}${what.slice(1)} is too long (${max} characters at most).`,
    );
  return s;
}

/**
 * What staff do from the work queue, each kept in the pairing's history: resolve with a note,
 * snooze for N days, write to one participant (an email from the programme, threaded, replies to
 * the staff member), pause or end after a confirmation, the members told by email.
 */
@Injectable()
export class QueueActionsService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly actions: PairingActionsRepository,
    private readonly closure: PairingClosureService,
    private readonly outbox: OutboxService,
    private readonly links: UnsubscribeLinks,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async found(pairingId: string): Promise<PairingWithMembers> {
    const found = await this.programs.findPairing(pairingId);
    if (!found) throw new AdminNotFound('pairing');
    return found;
  }

  async resolve(pairingId: string, signal: unknown, note: unknown, staff: Staff): Promise<void> {
    await this.found(pairingId);
    await this.actions.record({
      pairingId,
      action: 'resolve',
      signal: signalOf(signal),
      note: text(note, 'a note', 2000),
      staffId: staff.staffId,
      createdAt: this.clock.now(),
    });
  }

  async snooze(
    pairingId: string,
    signal: unknown,
    days: unknown,
    note: unknown,
    staff: Staff,
  ): Promise<Date> {
    await this.found(pairingId);
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SNOOZE_DAYS)
      throw new AdminInputError(`Snooze for 1 to ${MAX_SNOOZE_DAYS} days.`);
    const now = this.clock.now();
    const until = new Date(now.getTime() + n * 86_400_000);
    await this.actions.record({
      pairingId,
      action: 'snooze',
      signal: signalOf(signal),
      snoozedUntil: until,
      note: typeof note === 'string' && note.trim() ? note.trim().slice(0, 2000) : null,
      staffId: staff.staffId,
      createdAt: now,
    });
    return until;
  }

  /** An email from the programme to one member; their reply goes to the staff member, never the partner. */
  async write(
    pairingId: string,
    form: { participantId: unknown; subject: unknown; body: unknown },
    staff: Staff,
  ) {
    const found = await this.found(pairingId);
    const me = found.members.find((m) => m.id === form.participantId);
    if (!me) throw new AdminInputError('Choose a member of this pairing.');
    const subjectLine = text(form.subject, 'a subject', 200);
    const body = text(form.body, 'a message', MAX_BODY);
    const now = this.clock.now();
    const deliveries = await this.transactor.run(async (tx) => {
      const earlier = await this.actions.staffThread(pairingId, me.id, tx);
      const payload: NoticePayload = {
        reason: 'staff_message',
        replyTo: staff.staffEmail,
        ...(earlier.length ? { inReplyTo: earlier[earlier.length - 1], references: earlier } : {}),
        input: {
          name: 'notice-staff-message',
          props: { ...this.props(found, me.id), subjectLine, body, staffName: staff.staffEmail },
        },
      };
      const rows = await this.outbox.queueMany(tx, [
        {
          dedupeKey: `staff-message:${randomUUID()}`,
          kind: 'notice',
          pairingId,
          recipientId: me.id,
          toAddress: me.email,
          payload: payload as never,
        },
      ]);
      await this.actions.record(
        {
          pairingId,
          action: 'write',
          participantId: me.id,
          note: `${subjectLine}\n\n${body}`,
          staffId: staff.staffId,
          createdAt: now,
        },
        tx,
      );
      return rows;
    });
    await this.outbox.enqueue(deliveries);
  }

  /** Pause (members told by email) or end (the closing emails); the form's tick box is the confirmation. */
  async pauseOrEnd(
    pairingId: string,
    action: 'pause' | 'end',
    form: { confirm: unknown; note: unknown },
    staff: Staff,
  ) {
    if (form.confirm !== 'yes')
      throw new AdminInputError(`Tick the box to confirm: both members are told by email.`);
    const found = await this.found(pairingId);
    const note = typeof form.note === 'string' && form.note.trim() ? form.note.trim().slice(0, 2000) : null;
    const now = this.clock.now();
    if (action === 'end') {
      await this.closure.close(pairingId, {
        reason: 'staff',
        neverAgain: false,
        note,
        staffId: staff.staffId,
      });
      return;
    }
    if (found.pairing.status !== 'active')
      throw new AdminInputError(`Cannot pause a pairing that is ${found.pairing.status}.`);
    const deliveries = await this.transactor.run(async (tx) => {
      await this.programs.pausePairing(pairingId, tx);
      await this.actions.record(
        { pairingId, action: 'pause', note, staffId: staff.staffId, createdAt: now },
        tx,
      );
      return this.outbox.queueMany(
        tx,
        found.members.map((me) => {
          const payload: NoticePayload = {
            reason: 'pairing_paused',
            relayAddress: found.pairing.relayAddress,
            input: {
              name: 'notice-pairing-paused',
              props: { ...this.props(found, me.id), staffContactText: STAFF_CONTACT },
            },
          };
          return {
            dedupeKey: `paused:${pairingId}:${now.getTime()}:${me.id}`,
            kind: 'notice' as const,
            pairingId,
            recipientId: me.id,
            toAddress: me.email,
            payload: payload as never,
          };
        }),
      );
    });
    await this.outbox.enqueue(deliveries);
  }

  private props(found: PairingWithMembers, memberId: string) {
    const me = found.members.find((m) => m.id === memberId)!;
    return participantProps(
      {
        recipient: me,
        partnerNames: found.members.filter((m) => m.id !== me.id).map(nameOthersSee),
        programmeName: found.programme.name,
        relayAddress: found.pairing.relayAddress,
      },
      this.links,
    );
  }
}
