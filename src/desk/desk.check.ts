import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthenticationCheck } from '../inbound/pipeline/classify-checks';
import type { InboundContext, InboundCheck } from '../inbound/pipeline/inbound-context';
import { held, rejected, releasedFrom } from '../inbound/pipeline/inbound-context';
import { OffloadService } from '../offload/offload.service';
import { parseDeskAddress } from './desk-address';
import { DeskRepository } from './desk.repository';

/**
 * Mail to the programme's own addresses (a join address, a person's desk): recorded by the desk's
 * handlers instead of being relayed (see InboundPipelineService.finishDesk). Runs after the
 * bounce, loop and auto-reply checks, so robots that reach a desk are recorded and never answered,
 * and before the recipient check, which knows only pairings. A desk takes mail from its owner
 * alone: From, and the envelope sender when the door knew it, must be one of their addresses.
 * Authentication is judged as for relayed mail (AuthenticationCheck: a DMARC failure, or a
 * member's mail without the aligned pass their earlier mail had, is held). A join request must
 * also authenticate aligned with its From: it is answered with a confirmation, and unauthenticated
 * mail would let anyone have one sent to any address.
 */
@Injectable()
export class DeskCheck implements InboundCheck {
  readonly name = 'desk';

  constructor(
    private readonly config: AppConfig,
    private readonly repo: DeskRepository,
    private readonly offload: OffloadService,
    private readonly auth: AuthenticationCheck,
  ) {}

  async run(ctx: InboundContext) {
    if (ctx.recipientPairing) return null;
    const address = parseDeskAddress(ctx.row.recipient, this.config.env.RELAY_DOMAIN);
    if (!address) return null;
    const parsed = ctx.parsed!;
    if (address.kind === 'join') {
      const programme = await this.repo.joinableProgramme(address.slug);
      if (!programme)
        return rejected('unknown_recipient', `${ctx.row.recipient}: no programme takes people in there`);
      if (!parsed.from) return rejected('unknown_sender', 'no From address to answer');
      const hold = await this.auth.run(ctx);
      if (hold) return hold;
      const verdict = ctx.auth!.verdict;
      if (verdict !== 'pass' && verdict !== 'local' && !releasedFrom(ctx.row, 'authentication_failed')) {
        return held(
          'authentication_failed',
          `a join request must authenticate aligned with its From (${verdict})`,
        );
      }
      ctx.desk = { kind: 'join', programme, text: await this.newText(ctx) };
      return { status: 'accepted' as const, reason: 'desk_answer' as const };
    }
    const owner = await this.repo.deskOwner(address.key);
    if (!owner) return rejected('unknown_recipient', ctx.row.recipient);
    const { participant } = owner;
    const theirs = (a: string | null) =>
      a !== null && (a === participant.email || participant.emailAliases.includes(a));
    if (!theirs(parsed.from))
      return rejected('unknown_sender', `${parsed.from ?? 'no From'} does not own this desk`);
    const envelope = ctx.row.envelopeFrom;
    if (envelope !== null && !theirs(envelope)) {
      return rejected('unknown_sender', `envelope <${envelope}> does not own this desk`);
    }
    ctx.author = participant;
    const hold = await this.auth.run(ctx);
    if (hold) return hold;
    ctx.desk = { kind: 'desk', ...owner, text: await this.newText(ctx) };
    return { status: 'accepted' as const, reason: 'desk_answer' as const };
  }

  private async newText(ctx: InboundContext): Promise<string> {
    const parsed = ctx.parsed!;
    const extracted = await this.offload.run('extractReply', {
      text: parsed.text,
      html: parsed.html,
      sentTexts: [],
      subject: parsed.subject,
    });
    return extracted.reply;
  }
}
