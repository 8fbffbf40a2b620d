import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../outbound/delivery-composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { maskAddresses } from '../outbound/mime/mask-addresses';
import type { PairingWithMembers } from '../programs/programs.repository';
import { nameOthersSee } from '../programs/participant-names';
import { ProgramsRepository } from '../programs/programs.repository';
import { RenderingService } from '../rendering/rendering.service';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { CLOCK, type Clock } from './clock';
import type { CommandEffect } from './commands/command.service';
import { COMMAND_HELP } from './commands/parse-command';
import { curriculumOf } from './curricula';
import { findPrompt, libraryTemplateProblems } from './library/prompt-library';
import { promptTemplateInput } from './library/prompt-template-input';
import { LettersRepository } from './letters/letters.repository';
import { writtenOnText } from './letters/written-on';
import { circleLabel, fromRelay } from './from-relay';
import { PairingPromptsRepository } from './pairing-prompts.repository';
import { VoteLinks } from './polls/vote-links';
import { listId, participantProps } from './participant-props';
import type { PairingPrompt } from './entities/pairing-prompt.entity';
import type { PromptDefinition } from './library/prompt-types';
import { CultureService } from './culture/culture.service';
import { itemOf } from './sequencing/kept-answers';
import { PromptAnswersRepository } from './sequencing/prompt-answers.repository';
import { formatLocal, isValidZone } from './schedule/local-time';
import { formatDay } from '../closing/format-day';

type Skip = { skip: string };

/**
 * Builds prompts (and command confirmations, which are this feature's own mail) at send time.
 * Pause, stop, suppression and the pairing's state are checked here again: a change made after
 * the tick queued the send still stops it. A returned letter is stopped only by suppression or erasure.
 */
@Injectable()
export class PromptComposer implements DeliveryComposer, OnModuleInit {
  readonly kind = 'prompt' as const;

  constructor(
    private readonly programs: ProgramsRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly letters: LettersRepository,
    private readonly answers: PromptAnswersRepository,
    private readonly culture: CultureService,
    private readonly rendering: RenderingService,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly voteLinks: VoteLinks,
  ) {}

  /** Every library prompt has its MJML file and every prompt file its prompt, or the boot stops. */
  onModuleInit(): void {
    const problems = libraryTemplateProblems(this.rendering.templateNames);
    if (problems.length) throw new Error(`Prompt library and templates disagree: ${problems.join('; ')}`);
  }

  async compose(delivery: Delivery): Promise<ComposedEmail | Skip> {
    const found = delivery.pairingId ? await this.programs.findPairing(delivery.pairingId) : null;
    const me = found?.members.find((m) => m.id === delivery.recipientId);
    if (!found || !me) return { skip: 'not_a_member' };
    const payload = delivery.payload ?? {};
    if (payload.type === 'command') return this.confirmation(delivery, found, payload as CommandEffect);
    // A letter is the author's own words: a pause (already waited out when it was queued, see
    // LetterReturnService) and the pairing's end do not withhold it. #stop does, like any prompt
    // (the outbox's blockedReason), as the letter's prompt says.
    if (payload.type === 'letter') {
      if (me.removedAt) return { skip: 'erased' };
      if (await this.prompts.isSuppressed(delivery.toAddress)) return { skip: 'suppressed' };
      return this.returnedLetter(delivery, found, String(payload.letterId));
    }

    const now = this.clock.now();
    if (me.promptsStoppedAt) return { skip: 'stopped' };
    if (me.pausedUntil && me.pausedUntil > now) return { skip: 'paused' };
    if (found.pairing.status !== 'active') return { skip: `pairing_${found.pairing.status}` };
    if (await this.prompts.isSuppressed(delivery.toAddress)) return { skip: 'suppressed' };
    const issued = await this.prompts.findById(String(payload.pairingPromptId));
    const prompt = issued && findPrompt(issued.promptKey);
    if (!issued || !prompt) return { skip: 'prompt_missing' };

    const base = this.base(found, me.id);
    const input = promptTemplateInput(prompt, {
      recipient: base,
      week: issued.week,
      totalWeeks: curriculumOf(found.pairing.kind, found.programme.curriculumKey).weeks,
      // PUBLIC_URL as given, path included (new URL('/static/', base) would drop a base path).
      assetBaseUrl: `${this.config.publicRoot}/static/`,
      voteUrls: prompt.kind === 'poll' ? this.voteLinks.forPoll(issued, me.id) : undefined,
      partnerAnswer: await this.partnerAnswer(issued, prompt, found, me.role),
      culture: await this.culture.propsFor(prompt, issued, found.programme),
    });
    const rendered = this.rendering.renderInput(input);
    // A video check-in's time is agreed by reply (src/prompts/checkins), then invited to both.
    return fromRelay(delivery, found, rendered, {
      lang: base.lang,
      automated: this.automated(found, me.id),
    });
  }

  private automated(found: PairingWithMembers, recipientId: string) {
    return this.links.automated(
      recipientId,
      found.pairing.relayAddress,
      listId('prompts', found.programme.slug, this.config.env.RELAY_DOMAIN),
    );
  }

  private base(found: PairingWithMembers, recipientId: string) {
    const me = found.members.find((m) => m.id === recipientId)!;
    const props = participantProps(
      {
        recipient: me,
        partnerNames: found.members.filter((m) => m.id !== me.id).map(nameOthersSee),
        programmeName: found.programme.name,
        relayAddress: found.pairing.relayAddress,
      },
      this.links,
    );
    // In a circle the "partner" is the circle: a reply goes to all of it, and no member list is spelled out.
    return found.pairing.kind === 'circle'
      ? { ...props, partnerName: circleLabel(found), circleName: circleLabel(found) }
      : props;
  }

  /**
   * A kept letter, back to its author only. Its Message-ID is not linked to the letter's thread,
   * so a reply to it is relayed to the partner (as the template says) and never overwrites it.
   */
  private async returnedLetter(
    delivery: Delivery,
    found: PairingWithMembers,
    letterId: string,
  ): Promise<ComposedEmail | Skip> {
    const letter = await this.letters.findById(letterId);
    // Only ever to its author, whatever the row says.
    if (!letter || letter.participantId !== delivery.recipientId) return { skip: 'letter_missing' };
    const me = found.members.find((m) => m.id === delivery.recipientId)!;
    const rendered = this.rendering.render('letter-returned', {
      ...this.base(found, me.id),
      writtenInWeek: letter.week,
      writtenOnText: writtenOnText(letter.writtenAt, me.timeZone, me.locale),
      letterText: letter.text,
    });
    return fromRelay(delivery, found, rendered, {
      lang: this.base(found, me.id).lang,
      automated: this.automated(found, me.id),
    });
  }

  /**
   * The mentee's part of a mentor-first step quotes the mentor's answer as it stands now, its
   * addresses hidden (null: none yet, and the email says so). Undefined for every other prompt and role.
   */
  private async partnerAnswer(
    issued: PairingPrompt,
    prompt: PromptDefinition,
    found: PairingWithMembers,
    role: string,
  ): Promise<string | null | undefined> {
    const item = itemOf(curriculumOf(found.pairing.kind, found.programme.curriculumKey), issued);
    if (!item?.mentorFirst || prompt.reacts !== role) return undefined;
    const answers = await this.answers.forPrompt(issued.id);
    const text = answers.filter((a) => a.role !== role).at(-1)?.text;
    // The mentor's own words, kept as written: hidden as their relayed copy hid them.
    return text === undefined ? null : maskAddresses(text, { ourDomain: this.config.env.RELAY_DOMAIN });
  }

  /** The reply to an email command: Auto-Submitted: auto-replied, never automated-list headers. */
  private confirmation(delivery: Delivery, found: PairingWithMembers, effect: CommandEffect): ComposedEmail {
    const me = found.members.find((m) => m.id === delivery.recipientId)!;
    const zone = isValidZone(me.timeZone) ? me.timeZone : 'UTC';
    const fmt = (iso?: string) => (iso ? formatLocal(new Date(iso), zone, me.locale) : undefined);
    const rendered = this.rendering.render('notice-command-confirmation', {
      ...this.base(found, me.id),
      command: effect.command,
      pausedUntilText: fmt(effect.pausedUntil),
      skippedPromptTitle: effect.skippedTitle,
      nextPromptText:
        effect.nextTitle && effect.nextAt ? `${effect.nextTitle}, ${fmt(effect.nextAt)}` : undefined,
      skipOutcome: effect.skipOutcome,
      nextPrompt:
        effect.nextTitle && effect.nextAt
          ? { title: effect.nextTitle, whenText: fmt(effect.nextAt)! }
          : undefined,
      continueOutcome: effect.continueOutcome,
      continueEndsOnText: effect.continueEndsOn ? formatDay(effect.continueEndsOn, me.locale) : undefined,
      swapOutcome: effect.swapOutcome,
      swapFromTitle: effect.swapFromTitle,
      swapToTitle: effect.swapToTitle,
      swapWhenText: fmt(effect.swapAt),
      commands: COMMAND_HELP,
    });
    return fromRelay(delivery, found, rendered, { autoReplied: true });
  }
}
