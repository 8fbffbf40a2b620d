import { Inject, Injectable, Logger } from '@nestjs/common';
import { FunnelRepository, type ProgrammeFunnel } from '../admin/repositories/funnel.repository';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import type { NoticePayload } from '../notices/notice.composer';
import { OutboxService } from '../outbound/outbox.service';
import { CLOCK, type Clock } from '../prompts/clock';
import { isoWeekOf, localDateOf, localInstant, weekdayOf, addDays } from '../prompts/schedule/local-time';
import type { StaffDigestItem } from '../rendering/queue-props';
import { AttentionService, type QueueItem } from './attention.service';
import { SIGNAL_TEXT } from './signals';
import { StaffDigestRepository, type ReplyTrend } from './staff-digest.repository';

const WEEK = 7 * 86_400_000;

function days(seconds: number | null): string {
  if (seconds === null) return 'no replies';
  const d = seconds / 86_400;
  return d >= 1 ? `${d.toFixed(1)} days` : `${(seconds / 3600).toFixed(1)} hours`;
}

export function replyTrendText(t: ReplyTrend | undefined): string {
  if (!t) return 'no replies in the last two weeks';
  return `${days(t.thisWeek)} this week, ${days(t.lastWeek)} the week before`;
}

export function funnelText(f: ProgrammeFunnel | undefined): string {
  if (!f) return 'nobody yet';
  const c = f.counts;
  return `${c.invited} invited, ${c.matched} matched, ${c['first exchange']} first exchange, ${c['active at week 4']} active at week 4, ${c['closed well']} closed well`;
}

/**
 * Mentors whose screening staff still have to record (a line with a link to them), and recorded
 * ones about to lapse; nothing when neither.
 */
export function screeningLine(
  counts: { awaiting: number; lapsing: number } | undefined,
  programmeUrl: string,
): { screeningText?: string; screeningUrl?: string } {
  if (!counts || (!counts.awaiting && !counts.lapsing)) return {};
  const { awaiting, lapsing } = counts;
  const parts = [
    awaiting
      ? `${awaiting} mentor${awaiting === 1 ? '' : 's'} await${awaiting === 1 ? 's' : ''} a background check or training record`
      : null,
    lapsing ? `${lapsing} mentor${lapsing === 1 ? "'s" : "s'"} record lapses within 30 days` : null,
  ];
  return {
    screeningText: parts.filter((p) => p !== null).join('; '),
    screeningUrl: `${programmeUrl}/participants?q=${awaiting ? 'missing' : 'lapses'}`,
  };
}

/**
 * The weekly digest to each staff member who keeps it on: what became at risk this week, what
 * was snoozed and is due again, each programme's funnel and reply-time trend. Sent once per ISO
 * week (the delivery's dedupe key), from the week's digest time (DIGEST_WEEKDAY, DIGEST_HOUR, UTC:
 * staff have no zone of their own).
 */
@Injectable()
export class StaffDigestService {
  private readonly logger = new Logger(StaffDigestService.name);

  constructor(
    private readonly repo: StaffDigestRepository,
    private readonly attention: AttentionService,
    private readonly funnels: FunnelRepository,
    private readonly outbox: OutboxService,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** This ISO week's send time, in UTC. */
  private sendTime(now: Date): Date {
    const today = localDateOf(now, 'UTC');
    const monday = addDays(today, 1 - weekdayOf(today));
    return localInstant(
      'UTC',
      addDays(monday, this.config.env.DIGEST_WEEKDAY - 1),
      this.config.env.DIGEST_HOUR,
    );
  }

  async run(now: Date = this.clock.now()): Promise<number> {
    if (now < this.sendTime(now)) return 0;
    const prefix = `staff-digest:${isoWeekOf(now, 'UTC')}:`;
    const staff = await this.repo.recipients(prefix);
    if (staff.length === 0) return 0;
    const since = new Date(now.getTime() - WEEK);
    const [queue, due, funnels, trends, unscreened] = await Promise.all([
      this.attention.queue(),
      this.attention.snoozedAndDue(since),
      this.funnels.funnels(),
      this.repo.replyTrends(now),
      this.repo.mentorScreening(now),
    ]);
    const root = this.config.publicRoot;
    const item = (i: QueueItem): StaffDigestItem => ({
      reason: SIGNAL_TEXT[i.signal],
      pairing: i.pairing.label,
      programme: i.pairing.programmeName,
      sinceText: `${i.since.toISOString().slice(0, 10)}`,
      url: `${root}/admin/pairings/${i.pairing.pairingId}`,
    });
    const newItems = queue.filter((i) => i.since > since);
    const funnelBy = new Map(funnels.map((f) => [f.programmeId, f]));
    const deliveries = await this.transactor.run((tx) =>
      this.outbox.queueMany(
        tx,
        staff.map((s) => {
          // A coordinator hears about their programmes; staff who coordinate none, about all.
          const mine = (programmeId: string) =>
            s.programmeIds.length === 0 || s.programmeIds.includes(programmeId);
          const ownNew = newItems.filter((i) => mine(i.pairing.programmeId)).map(item);
          const ownDue = due.filter((i) => mine(i.pairing.programmeId)).map(item);
          const programmes = trends
            .filter((t) => mine(t.programmeId))
            .map((t) => ({
              name: t.programmeName,
              funnelText: funnelText(funnelBy.get(t.programmeId)),
              replyTrendText: replyTrendText(t),
              ...screeningLine(unscreened.get(t.programmeId), `${root}/admin/programmes/${t.programmeId}`),
            }));
          const payload: NoticePayload = {
            reason: 'staff_digest',
            input: {
              name: 'digest-staff',
              props: {
                lang: 'en',
                // The footer reads "Sent by MentorMail for your programmes".
                programmeName: 'your programmes',
                recipientName: s.email,
                newCount: ownNew.length,
                newItems: ownNew,
                dueCount: ownDue.length,
                dueItems: ownDue,
                programmes,
                queueUrl: `${root}/admin/attention`,
                settingsUrl: `${root}/admin/account`,
              },
            },
          };
          return {
            dedupeKey: `${prefix}${s.id}`,
            kind: 'notice' as const,
            toAddress: s.email,
            payload: payload as never,
          };
        }),
      ),
    );
    await this.outbox.enqueue(deliveries);
    if (deliveries.length)
      this.logger.log({ staffDigests: deliveries.length }, `staff digests: ${deliveries.length}`);
    return deliveries.length;
  }
}
