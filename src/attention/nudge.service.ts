import { Injectable, Logger } from '@nestjs/common';
import { nameOthersSee } from '../programs/participant-names';
import { Transactor } from '../database/transactor';
import type { NoticePayload } from '../notices/notice.composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import { ProgramsRepository } from '../programs/programs.repository';
import { participantProps } from '../prompts/participant-props';
import { isValidZone, localDateOf, localInstant } from '../prompts/schedule/local-time';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { PairingActionsRepository } from './pairing-actions.repository';
import { NudgeRepository } from './nudge.repository';

const DAY = 86_400_000;

/**
 * When reminder `k` (1-based) about a debt is due for someone: `k` times the programme's
 * `nudge_after_days` after the partner's message, at the programme's send hour in their own zone
 * (the first such hour at or after that moment). Reminder K+1 is the staff alert instead.
 */
export function nudgeDueAt(owedSince: Date, k: number, afterDays: number, hour: number, zone: string): Date {
  const from = new Date(owedSince.getTime() + k * afterDays * DAY);
  const tz = isValidZone(zone) ? zone : 'UTC';
  const sameDay = localInstant(tz, localDateOf(from, tz), hour);
  if (sameDay >= from) return sameDay;
  return localInstant(tz, localDateOf(new Date(from.getTime() + DAY), tz), hour);
}

export interface NudgeReport {
  sent: number;
  alerted: number;
}

/**
 * Personal reminders to whoever owes a reply, on the scheduler's tick: at most `nudge_max` per
 * unanswered message, never to someone paused, opted out or suppressed, and the partner is never
 * told. When the last one has gone unanswered for another interval, staff are alerted instead
 * (the queue's `nudges_unanswered`).
 */
@Injectable()
export class NudgeService {
  private readonly logger = new Logger(NudgeService.name);

  constructor(
    private readonly nudges: NudgeRepository,
    private readonly programs: ProgramsRepository,
    private readonly actions: PairingActionsRepository,
    private readonly outbox: OutboxService,
    private readonly links: UnsubscribeLinks,
    private readonly transactor: Transactor,
  ) {}

  async run(now: Date): Promise<NudgeReport> {
    const report = { sent: 0, alerted: 0 };
    for (const c of await this.nudges.candidates(now)) {
      if (c.blocked) continue;
      const found = await this.programs.findPairing(c.pairingId);
      const debtor = found?.members.find((m) => m.id === c.debtorId);
      if (!found || !debtor) continue;
      const k = c.sent + 1;
      if (now < nudgeDueAt(c.owedSince, k, c.nudgeAfterDays, c.sendHour, debtor.timeZone)) continue;
      if (k > c.nudgeMax) {
        const alerted = await this.transactor.run(async (tx) => {
          if (!(await this.nudges.markAlerted(c, now, tx))) return false;
          await this.actions.record(
            {
              pairingId: c.pairingId,
              action: 'nudges_unanswered',
              participantId: c.debtorId,
              note: `${c.sent} reminder(s) sent, no reply`,
              createdAt: now,
            },
            tx,
          );
          return true;
        });
        if (alerted) report.alerted++;
        continue;
      }
      const days = Math.max(1, Math.floor((now.getTime() - c.owedSince.getTime()) / DAY));
      const deliveries: Delivery[] = await this.transactor.run(async (tx) => {
        if (!(await this.nudges.countSent(c, now, tx))) return [];
        const payload: NoticePayload = {
          reason: 'nudge',
          relayAddress: found.pairing.relayAddress,
          input: {
            name: 'notice-nudge',
            props: {
              ...participantProps(
                {
                  recipient: debtor,
                  partnerNames: found.members.filter((m) => m.id !== debtor.id).map(nameOthersSee),
                  programmeName: found.programme.name,
                  relayAddress: found.pairing.relayAddress,
                },
                this.links,
              ),
              sinceText: days === 1 ? 'a day ago' : `${days} days ago`,
            },
          },
        };
        await this.actions.record(
          {
            pairingId: c.pairingId,
            action: 'nudge',
            participantId: c.debtorId,
            note: `reminder ${k} of ${c.nudgeMax}`,
            createdAt: now,
          },
          tx,
        );
        return this.outbox.queueMany(tx, [
          {
            dedupeKey: `nudge:${c.pairingId}:${c.debtorId}:${c.owedSince.getTime()}:${k}`,
            kind: 'notice',
            pairingId: c.pairingId,
            recipientId: c.debtorId,
            toAddress: debtor.email,
            payload: payload as never,
          },
        ]);
      });
      await this.outbox.enqueue(deliveries);
      report.sent += deliveries.length;
    }
    if (report.sent + report.alerted > 0)
      this.logger.log(report, `nudges: ${report.sent} sent, ${report.alerted} alerted`);
    return report;
  }
}
