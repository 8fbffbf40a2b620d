import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../outbound/delivery-composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { CLOCK, type Clock } from '../prompts/clock';
import { curriculumFor } from '../prompts/curricula';
import { findPrompt } from '../prompts/library/prompt-library';
import { listId, participantProps } from '../prompts/participant-props';
import { formatLocal } from '../prompts/schedule/local-time';
import { promptKeyOf } from '../prompts/schedule/prompt-plan';
import { RenderingService } from '../rendering/rendering.service';
import type { RenderedEmail } from '../rendering/template-renderer';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { digestContent, digestPollsSince } from './digest-content';
import { CircleDigest } from './circle-digest';
import { DigestRepository, type DigestRecipientRow } from './digest.repository';
import { ProgrammePollCounts } from './programme-poll-counts';

/**
 * Builds a weekly digest when it is sent, from ids in the delivery: the facts as they are at
 * that moment. Stopped, paused, suppressed or inactive recipients and empty digests are skipped.
 */
@Injectable()
export class DigestComposer implements DeliveryComposer {
  readonly kind = 'digest' as const;

  constructor(
    private readonly repo: DigestRepository,
    private readonly rendering: RenderingService,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly pollCounts: ProgrammePollCounts,
    private readonly circle: CircleDigest,
  ) {}

  async compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }> {
    const now = this.clock.now();
    const data =
      delivery.recipientId && delivery.pairingId
        ? await this.repo.load(delivery.recipientId, delivery.pairingId)
        : null;
    if (!data || !data.recipient.isMember) return { skip: 'not_a_member' };
    const r = data.recipient;
    if (r.promptsStoppedAt) return { skip: 'stopped' };
    if (r.pausedUntil && r.pausedUntil > now) return { skip: 'paused' };
    if (r.pairingStatus !== 'active') return { skip: `pairing_${r.pairingStatus}` };
    if (r.suppressed) return { skip: 'suppressed' };

    // Rooms are listed only in a digest that has something else to say: never a reason to send one.
    const rooms = async () => {
      const list = await this.repo.roomsFor(r.programmeId, r.id);
      return list.length ? { rooms: list } : {};
    };
    if (r.pairingKind === 'circle') {
      const props = await this.circle.props(r, delivery.pairingId!, this.base(r), now, this.fmt(r));
      if (!props) return { skip: 'empty' };
      const withRooms = { ...props, ...(await rooms()) };
      return this.mail(delivery, r, this.rendering.render('digest-circle', withRooms), props.lang);
    }
    const curriculum = curriculumFor(r.curriculumKey);
    const key =
      r.nextWeek === null ? null : promptKeyOf(curriculum, { week: r.nextWeek, item: r.nextItem ?? 0 });
    const nextTitle = key ? (findPrompt(key)?.title ?? null) : null;
    // This week's polls get the programme-wide counts (never the pairing's own votes).
    const since = digestPollsSince(now);
    for (const p of data.prompts)
      if (p.pollOptions && p.issuedAt > since)
        p.programmeCounts = await this.pollCounts.counts(r.programmeId, p.promptKey, p.week);
    const content = digestContent(data, curriculum, now, this.fmt(r), nextTitle);
    if (!content) return { skip: 'empty' };
    const base = this.base(r);
    const props = { ...base, ...content, ...(await rooms()) };
    return this.mail(delivery, r, this.rendering.render('digest-weekly', props), base.lang);
  }

  private fmt(r: DigestRecipientRow) {
    return (d: Date) => formatLocal(d, r.timeZone, r.locale);
  }

  private base(r: DigestRecipientRow) {
    return participantProps(
      {
        recipient: r,
        partnerNames: r.partnerNames,
        programmeName: r.programmeName,
        relayAddress: r.relayAddress,
      },
      this.links,
    );
  }

  private mail(
    delivery: Delivery,
    r: DigestRecipientRow,
    rendered: RenderedEmail,
    lang: string,
  ): ComposedEmail {
    return {
      mail: {
        from: { name: r.programmeName, address: r.relayAddress },
        replyTo: r.relayAddress,
        to: delivery.toAddress,
        subject: rendered.subject,
        messageId: delivery.messageId,
        text: rendered.text,
        html: rendered.html,
        lang,
        automated: this.links.automated(
          r.id,
          r.relayAddress,
          listId('digests', r.programmeSlug, this.config.env.RELAY_DOMAIN),
        ),
      },
      templateName: rendered.templateName,
      templateHash: rendered.templateHash,
    };
  }
}
