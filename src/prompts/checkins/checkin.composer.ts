import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../../outbound/delivery-composer';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import type { OutgoingAttachment } from '../../outbound/mime';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import type { Participant } from '../../programs/entities/participant.entity';
import { greetingName } from '../../programs/participant-names';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import type { TemplateInput } from '../../rendering/template-catalog';
import type { CheckinTime } from '../../rendering/template-props';
import { RenderingService } from '../../rendering/rendering.service';
import { UnsubscribeLinks } from '../../unsubscribe/unsubscribe-links';
import { CLOCK, type Clock } from '../clock';
import type { VideoCheckin } from '../entities/video-checkin.entity';
import { findPrompt } from '../library/prompt-library';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { participantProps } from '../participant-props';
import { formatLocal, isValidZone } from '../schedule/local-time';
import { CheckinRepository } from './checkin.repository';
import type { CheckinPayload } from './checkin.service';
import { buildInvitationIcs, checkinUid } from './invitation-ics';

/** The forms the notice shows; each is read by parse-times.spec.ts. */
export const TIME_EXAMPLES = ['Tue 14 Jan 18:00', '14/01 6pm', 'Thursday 7:30pm'];
const DEFAULT_CALL_MINUTES = 20;

type Skip = { skip: string };

/**
 * The check-in's emails, built at send time: times and invitations in the reader's own zone, from
 * the check-in as it is then (a newer proposal or pick makes an older email a skip), always from
 * the pairing's relay address.
 */
@Injectable()
export class CheckinComposer implements DeliveryComposer {
  readonly kind = 'checkin' as const;

  constructor(
    private readonly programs: ProgramsRepository,
    private readonly checkins: CheckinRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly rendering: RenderingService,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async compose(delivery: Delivery): Promise<ComposedEmail | Skip> {
    const found = delivery.pairingId ? await this.programs.findPairing(delivery.pairingId) : null;
    const me = found?.members.find((m) => m.id === delivery.recipientId);
    if (!found || !me) return { skip: 'not_a_member' };
    if (found.pairing.status === 'ended') return { skip: 'pairing_ended' };
    const payload = delivery.payload as CheckinPayload;
    const checkin = 'checkinId' in payload ? await this.checkins.findById(payload.checkinId) : null;
    if ('checkinId' in payload && !checkin) return { skip: 'checkin_missing' };
    const built = await this.build(found, me, payload, checkin);
    if ('skip' in built) return built;
    const rendered = this.rendering.renderInput(built.input);
    const relay = found.pairing.relayAddress;
    return {
      mail: {
        from: { name: found.programme.name, address: relay },
        replyTo: relay,
        to: delivery.toAddress,
        subject: rendered.subject,
        messageId: delivery.messageId,
        text: rendered.text,
        html: rendered.html,
        attachments: built.attachments,
        lang: built.input.props.lang,
        autoReplied: payload.type === 'notice',
      },
      templateName: rendered.templateName,
      templateHash: rendered.templateHash,
    };
  }

  private async build(
    found: PairingWithMembers,
    me: Participant,
    payload: CheckinPayload,
    checkin: VideoCheckin | null,
  ): Promise<{ input: TemplateInput; attachments?: OutgoingAttachment[] } | Skip> {
    const zone = isValidZone(me.timeZone) ? me.timeZone : 'UTC';
    const others = found.members.filter((m) => m.id !== me.id);
    const base = {
      ...participantProps(
        {
          recipient: me,
          partnerNames: others.map((m) => m.name),
          programmeName: found.programme.name,
          relayAddress: found.pairing.relayAddress,
        },
        this.links,
      ),
      partnerFirstNames: others.map((m) => greetingName(m)).join(' & ') || 'your partner',
      zone,
    };
    const times = (c: VideoCheckin): CheckinTime[] =>
      c.slots.map((at, i) => ({ number: i + 1, text: formatLocal(at, zone, me.locale) }));
    if (payload.type === 'notice') {
      const common = { ...base, examples: TIME_EXAMPLES, times: checkin ? times(checkin) : [] };
      if (payload.variant === 'no_times')
        return {
          input: {
            name: 'notice-checkin',
            props: { ...common, variant: 'no_times', unreadable: payload.unreadable },
          },
        };
      if (payload.variant === 'proposed') {
        if (checkin!.round !== payload.round) return { skip: 'superseded' };
        return { input: { name: 'notice-checkin', props: { ...common, variant: 'proposed' } } };
      }
      return {
        input: {
          name: 'notice-checkin',
          props: { ...common, variant: payload.variant, picked: payload.picked },
        },
      };
    }
    const minutes = await this.callMinutes(checkin!);
    const proposer = found.members.find((m) => m.id === checkin!.proposedBy);
    if (payload.type === 'pick') {
      if (checkin!.round !== payload.round) return { skip: 'superseded' };
      const props = {
        ...base,
        proposerName: proposer ? greetingName(proposer) : 'your mentor',
        times: times(checkin!),
        durationMinutes: minutes,
        ...(checkin!.note ? { note: this.masked(checkin!.note) } : {}),
      };
      return { input: { name: 'checkin-pick', props } };
    }
    if (checkin!.picks !== payload.picks || checkin!.pickedIndex === null) return { skip: 'superseded' };
    const start = checkin!.slots[checkin!.pickedIndex];
    const videoLink = this.safeLink(checkin!.videoLink);
    const props = {
      ...base,
      whenText: formatLocal(start, zone, me.locale),
      durationMinutes: minutes,
      ...(videoLink ? { videoLink } : {}),
    };
    const names = found.members.map((m) => greetingName(m)).join(' & ');
    const ics = buildInvitationIcs({
      uid: checkinUid(checkin!.id, this.config.env.APP_SECRET, this.config.env.RELAY_DOMAIN),
      sequence: checkin!.picks - 1,
      start,
      durationMinutes: minutes,
      summary: `Video check-in: ${names}`,
      description: videoLink
        ? `Join: ${videoLink}`
        : 'Agree the video link by replying to the check-in email.',
      location: videoLink,
      organizer: { name: found.programme.name, address: found.pairing.relayAddress },
      now: this.clock.now(),
    });
    const attachments: OutgoingAttachment[] = [
      { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST', content: Buffer.from(ics) },
    ];
    return { input: { name: 'checkin-invitation', props }, attachments };
  }

  /** The mentor's note goes to the mentee as the relay would pass it: no address but ours. */
  private masked(text: string): string {
    return maskAddresses(text, { ourDomain: this.config.env.RELAY_DOMAIN });
  }

  /** A link that carries an address (a mailto-like query) is not a video link we pass on. */
  private safeLink(link: string | null): string | null {
    return link && this.masked(link) === link ? link : null;
  }

  private async callMinutes(checkin: VideoCheckin): Promise<number> {
    const issued = await this.prompts.findById(checkin.pairingPromptId);
    return (issued && findPrompt(issued.promptKey)?.callMinutes) || DEFAULT_CALL_MINUTES;
  }
}
