import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConversationsService, type RecordedMessage } from '../../conversations/conversations.service';
import { Transactor } from '../../database/transactor';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import { AppConfig } from '../../config/app-config';
import { filterAttachments, type AttachmentLimits } from '../checks';
import { InboundRepository, type Outcome } from '../inbound.repository';
import { NoticePolicyService } from '../../notices/notice-policy.service';
import { AttachmentStore } from './attachment-store';
import { AuthenticationCheck } from './classify-checks';
import { ReplyHookRegistry } from './reply-hooks';
import type { InboundCheck, InboundContext } from './inbound-context';

export const INBOUND_CHECKS = Symbol('INBOUND_CHECKS');

/**
 * Turns one stored inbound email into exactly one recorded state. The checks run in order;
 * the first outcome wins. An email that passes them all becomes a message in its thread, with
 * one delivery per partner written in the same transaction, queued after the commit.
 */
@Injectable()
export class InboundPipelineService {
  private readonly logger = new Logger(InboundPipelineService.name);
  private readonly attachmentLimits: AttachmentLimits;

  constructor(
    private readonly repo: InboundRepository,
    private readonly transactor: Transactor,
    private readonly conversations: ConversationsService,
    private readonly outbox: OutboxService,
    private readonly attachments: AttachmentStore,
    @Inject(INBOUND_CHECKS) private readonly checks: InboundCheck[],
    private readonly hooks: ReplyHookRegistry,
    private readonly notices: NoticePolicyService,
    private readonly auth: AuthenticationCheck,
    config: AppConfig,
  ) {
    this.attachmentLimits = {
      maxFileBytes: config.env.ATTACHMENT_MAX_BYTES,
      maxTotalBytes: config.env.ATTACHMENTS_MAX_TOTAL_BYTES,
    };
  }

  async process(inboundEmailId: string): Promise<Outcome | null> {
    const deliveries: Delivery[] = [];
    const outcome = await this.transactor.run(async (tx) => {
      const row = await this.repo.lockReceived(inboundEmailId, tx);
      if (!row) return null;
      const ctx: InboundContext = { tx, row };
      for (const check of this.checks) {
        const result = await check.run(ctx);
        if (result) {
          deliveries.push(...(await this.notices.forOutcome(ctx, result, () => this.auth.verdicts(ctx))));
          await this.repo.finish(row.id, result, this.facts(ctx), tx);
          return result;
        }
      }
      for (const hook of this.hooks.all()) {
        const result = await hook.handle(ctx);
        if (!result) continue;
        deliveries.push(...(result.deliveries ?? []));
        if (result.newText !== undefined && ctx.extracted)
          ctx.extracted = { ...ctx.extracted, reply: result.newText };
        if (result.outcome) {
          await this.repo.finish(row.id, result.outcome, this.facts(ctx), tx);
          return result.outcome;
        }
      }
      const recorded = await this.record(ctx);
      deliveries.push(...(await this.outbox.queueRelay(tx, recorded, ctx.found!)));
      deliveries.push(...(await this.notices.forAccepted(ctx)));
      // Last write before the commit: the thread's row lock is then held only for a moment.
      await this.conversations.touchThread(tx, recorded.thread.id, recorded.message.createdAt);
      const accepted: Outcome = {
        status: 'accepted',
        reason: 'relayed',
        detail: `${deliveries.length} deliveries`,
      };
      await this.repo.finish(row.id, accepted, this.facts(ctx), tx);
      return accepted;
    });
    await this.outbox.enqueue(deliveries);
    if (outcome) this.logger.debug(`inbound ${inboundEmailId}: ${outcome.status} (${outcome.reason})`);
    return outcome;
  }

  /** Gives up on an email after every retry failed: held for staff, with the error. */
  async giveUp(inboundEmailId: string, error: string): Promise<void> {
    await this.transactor.run(async (tx) => {
      const row = await this.repo.lockReceived(inboundEmailId, tx);
      if (row)
        await this.repo.finish(row.id, { status: 'held', reason: 'processing_error', detail: error }, {}, tx);
    });
  }

  private async record(ctx: InboundContext): Promise<RecordedMessage> {
    const { tx, row, parsed, found, author, extracted } = ctx;
    const { kept, dropped } = filterAttachments(parsed!.attachments, this.attachmentLimits);
    ctx.droppedAttachments = dropped.map((d) => `${d.filename} (${d.reason})`);
    const stored = await this.attachments.save(row.id, kept);
    return this.conversations.record(tx, {
      pairingId: found!.pairing.id,
      authorId: author!.id,
      inboundEmailId: row.id,
      // Some clients send no Message-ID; an id of our own still lets the partner's reply thread.
      messageId: parsed!.messageId ?? `inbound-${row.id}@${found!.pairing.relayAddress.split('@')[1]}`,
      inReplyTo: parsed!.inReplyTo,
      references: parsed!.references,
      subject: parsed!.subject,
      newText: extracted!.reply,
      quotedText: extracted!.quoted,
      fullText: parsed!.text ?? '',
      html: parsed!.html,
      attachments: stored,
      extractionMethod: extracted!.method,
      extractionConfident: extracted!.confident,
      // Busy threads: a row lock on `threads` taken here would serialise every reply until commit.
      touchThreadLater: true,
    });
  }

  private facts(ctx: InboundContext) {
    return {
      ...(ctx.auth ? { auth: { ...(ctx.row.auth ?? {}), ...ctx.auth } } : {}),
      fromAddress: ctx.parsed?.from ?? null,
      subject: ctx.parsed?.subject?.slice(0, 500) ?? null,
      messageId: ctx.parsed?.messageId ?? null,
      pairingId: ctx.found?.pairing.id ?? null,
    };
  }
}
