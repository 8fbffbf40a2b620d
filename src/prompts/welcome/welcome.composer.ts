import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../../outbound/delivery-composer';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import { greetingName, joinNames, nameOthersSee } from '../../programs/participant-names';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { RenderingService } from '../../rendering/rendering.service';
import type { CircleWelcomeProps, WelcomeProps } from '../../rendering/template-props';
import { UnsubscribeLinks } from '../../unsubscribe/unsubscribe-links';
import { COMMAND_HELP } from '../commands/parse-command';
import { circleLabel, fromRelay } from '../from-relay';
import { curriculumOf } from '../curricula';
import { findPrompt } from '../library/prompt-library';
import { listId, participantProps } from '../participant-props';
import { formatLocal, isValidZone } from '../schedule/local-time';
import { promptKeyOf } from '../schedule/prompt-plan';
import type { WelcomePayload } from './welcome.service';

/**
 * The welcome, built at send time from the pairing as it is then (names, the line about each
 * partner) and the first prompt as the schedule announced it when the welcome was queued.
 */
@Injectable()
export class WelcomeComposer implements DeliveryComposer {
  readonly kind = 'welcome' as const;

  constructor(
    private readonly programs: ProgramsRepository,
    private readonly rendering: RenderingService,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
  ) {}

  async compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }> {
    const found = delivery.pairingId ? await this.programs.findPairing(delivery.pairingId) : null;
    const me = found?.members.find((m) => m.id === delivery.recipientId);
    if (!found || !me) return { skip: 'not_a_member' };
    if (found.pairing.status === 'ended') return { skip: 'pairing_ended' };
    const relay = found.pairing.relayAddress;
    const payload = delivery.payload as WelcomePayload;
    const props =
      found.pairing.kind === 'circle'
        ? this.circleProps(found, me.id, payload)
        : this.props(found, me.id, payload);
    const rendered =
      found.pairing.kind === 'circle'
        ? this.rendering.render('welcome-circle', props as CircleWelcomeProps)
        : this.rendering.render('welcome', props as WelcomeProps);
    return fromRelay(delivery, found, rendered, {
      lang: props.lang,
      automated: this.links.automated(
        me.id,
        relay,
        listId('prompts', found.programme.slug, this.config.env.RELAY_DOMAIN),
      ),
    });
  }

  private props(found: PairingWithMembers, recipientId: string, payload: WelcomePayload): WelcomeProps {
    const me = found.members.find((m) => m.id === recipientId)!;
    const others = found.members.filter((m) => m.id !== me.id);
    // Staff typed these, but they reach the partner: an address in them is hidden as a relay would.
    const mask = (text: string) => maskAddresses(text, { ourDomain: this.config.env.RELAY_DOMAIN });
    const partners = others.map((m) => ({
      name: mask(greetingName(m)),
      role: m.role,
      ...(m.about ? { about: mask(m.about) } : {}),
    }));
    return {
      ...participantProps(
        {
          recipient: me,
          partnerNames: others.map(nameOthersSee),
          programmeName: found.programme.name,
          relayAddress: found.pairing.relayAddress,
        },
        this.links,
      ),
      partners,
      partnerFirstNames: partners.map((p) => p.name).join(' & ') || 'your partner',
      relayAddress: found.pairing.relayAddress,
      commands: COMMAND_HELP,
      firstPrompt: this.firstPrompt(found, me, payload),
    };
  }

  /**
   * A circle's welcome names the circle and says who else reads: how many people and the leads'
   * first names. Members are not listed (a circle of strangers learns names as people write).
   */
  private circleProps(
    found: PairingWithMembers,
    recipientId: string,
    payload: WelcomePayload,
  ): CircleWelcomeProps {
    const me = found.members.find((m) => m.id === recipientId)!;
    const mask = (text: string) => maskAddresses(text, { ourDomain: this.config.env.RELAY_DOMAIN });
    const leads = found.members
      .filter((m) => m.role === 'mentor' && m.id !== me.id)
      .map((m) => mask(greetingName(m)));
    const name = circleLabel(found);
    return {
      ...participantProps(
        {
          recipient: me,
          partnerNames: [],
          programmeName: found.programme.name,
          relayAddress: found.pairing.relayAddress,
        },
        this.links,
      ),
      partnerName: name,
      circleName: name,
      memberCount: found.members.length,
      leadsText: joinNames(leads),
      relayAddress: found.pairing.relayAddress,
      commands: COMMAND_HELP,
      firstPrompt: this.firstPrompt(found, me, payload),
    };
  }

  private firstPrompt(
    found: PairingWithMembers,
    me: PairingWithMembers['members'][number],
    payload: WelcomePayload,
  ): WelcomeProps['firstPrompt'] {
    if (!payload?.firstPromptAt) return undefined;
    const key = promptKeyOf(curriculumOf(found.pairing.kind, found.programme.curriculumKey), payload);
    const prompt = key ? findPrompt(key) : undefined;
    if (!prompt) return undefined;
    const zone = isValidZone(me.timeZone) ? me.timeZone : 'UTC';
    return {
      title: prompt.title,
      whenText: formatLocal(new Date(payload.firstPromptAt), zone, me.locale),
      zone,
    };
  }
}
