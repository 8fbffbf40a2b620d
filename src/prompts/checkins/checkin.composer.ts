import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../../outbound/delivery-composer';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import type { OutgoingAttachment } from '../../outbound/mime';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import type { Participant } from '../../programs/entities/participant.entity';
import { greetingName, nameOthersSee } from '../../programs/participant-names';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import type { TemplateInput } from '../../rendering/template-catalog';
import type { CheckinTime } from '../../rendering/template-props';
import { RenderingService } from '../../rendering/rendering.service';
import { UnsubscribeLinks } from '../../unsubscribe/unsubscribe-links';
import { CLOCK, type Clock } from '../clock';
import type { VideoCheckin } from '../entities/video-checkin.entity';
import { fromRelay } from '../from-relay';
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
type Built = { input: TemplateInput; attachments?: OutgoingAttachment[] };

/** Who an email is for, with the props every check-in email shares. */
interface Reader {
  found: PairingWithMembers;
  me: Participant;
  zone: string;
  base: ReturnType<typeof participantProps> & { partnerFirstNames: string; zone: string };
}

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
    return fromRelay(delivery, found, rendered, {
      attachments: built.attachments,
      lang: built.input.props.lang,
      autoReplied: payload.type === 'notice',
    });
  }

  private async build(
    found: PairingWithMembers,
    me: Participant,
    payload: CheckinPayload,
    checkin: VideoCheckin | null,
  ): Promise<Built | Skip> {
    const zone = isValidZone(me.timeZone) ? me.timeZone : 'UTC';
    const others = found.members.filter((m) => m.id !== me.id);
    const reader: Reader = {
      found,
      me,
      zone,
      base: {
        ...participantProps(
          {
            recipient: me,
            partnerNames: others.map(nameOthersSee),
            programmeName: found.programme.name,
            relayAddress: found.pairing.relayAddress,
          },
          this.links,
        ),
        partnerFirstNames: this.masked(others.map((m) => greetingName(m)).join(' & ')) || 'your partner',
        zone,
      },
    };
    if (payload.type === 'notice') return this.notice(reader, payload, checkin);
    if (payload.type === 'pick') {
      if (checkin!.round !== payload.round) return { skip: 'superseded' };
      return this.pickList(reader, checkin!);
    }
    if (checkin!.picks !== payload.picks || checkin!.pickedIndex === null) return { skip: 'superseded' };
    return this.invitation(reader, checkin!);
  }

  /** The times, numbered as the mentee picks them, in the reader's zone and locale. */
  private times(r: Reader, checkin: VideoCheckin): CheckinTime[] {
    return checkin.slots.map((at, i) => ({ number: i + 1, text: formatLocal(at, r.zone, r.me.locale) }));
  }

  private notice(
    r: Reader,
    payload: Extract<CheckinPayload, { type: 'notice' }>,
    checkin: VideoCheckin | null,
  ): Built | Skip {
    const common = { ...r.base, examples: TIME_EXAMPLES, times: checkin ? this.times(r, checkin) : [] };
    if (payload.variant === 'no_times') {
      const props = { ...common, variant: payload.variant, unreadable: payload.unreadable };
      return { input: { name: 'notice-checkin', props } };
    }
    if (payload.variant === 'proposed') {
      if (checkin!.round !== payload.round) return { skip: 'superseded' };
      return { input: { name: 'notice-checkin', props: { ...common, variant: payload.variant } } };
    }
    const props = { ...common, variant: payload.variant, picked: payload.picked };
    return { input: { name: 'notice-checkin', props } };
  }

  private async pickList(r: Reader, checkin: VideoCheckin): Promise<Built> {
    const proposer = r.found.members.find((m) => m.id === checkin.proposedBy);
    const props = {
      ...r.base,
      proposerName: proposer ? this.masked(greetingName(proposer)) : 'your mentor',
      times: this.times(r, checkin),
      durationMinutes: await this.callMinutes(checkin),
      ...(checkin.note ? { note: this.masked(checkin.note) } : {}),
    };
    return { input: { name: 'checkin-pick', props } };
  }

  /** The same .ics for every member (UID, start, SEQUENCE); only the email's wording is theirs. */
  private async invitation(r: Reader, checkin: VideoCheckin): Promise<Built> {
    const start = checkin.slots[checkin.pickedIndex!];
    const minutes = await this.callMinutes(checkin);
    const videoLink = this.safeLink(checkin.videoLink);
    const props = {
      ...r.base,
      whenText: formatLocal(start, r.zone, r.me.locale),
      durationMinutes: minutes,
      ...(videoLink ? { videoLink } : {}),
    };
    const names = this.masked(r.found.members.map((m) => greetingName(m)).join(' & '));
    const ics = buildInvitationIcs({
      uid: checkinUid(checkin.id, this.config.env.APP_SECRET, this.config.env.RELAY_DOMAIN),
      sequence: checkin.picks - 1,
      start,
      durationMinutes: minutes,
      summary: `Video check-in: ${names}`,
      description: videoLink
        ? `Join: ${videoLink}`
        : 'Agree the video link by replying to the check-in email.',
      location: videoLink,
      organizer: { name: r.found.programme.name, address: r.found.pairing.relayAddress },
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
