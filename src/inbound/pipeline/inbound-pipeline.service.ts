import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConversationsService, type MessageDraft } from '../../conversations/conversations.service';
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
    const deliveries: Pick<Delivery, 'id' | 'kind'>[] = [];
    const outcome = await this.transactor.run(async (tx) => {
      const locked = await this.repo.lockReceived(inboundEmailId, tx);
      if (!locked) return null;
      const { email: row, pairing: recipientPairing } = locked;
      const ctx: InboundContext = { tx, row, recipientPairing };
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
      const draft = await this.draft(ctx);
      const copies = this.outbox.relayCopies(draft.row, ctx.found!);
      deliveries.push(...(await this.notices.forAccepted(ctx)));
      const accepted: Outcome = {
        status: 'accepted',
        reason: 'relayed',
        detail: `${deliveries.length + copies.length} deliveries`,
      };
      // The last write, in one statement: the thread's row lock is held only for a moment.
      const email = { id: row.id, outcome: accepted, facts: this.facts(ctx) };
      deliveries.push(...(await this.repo.recordAccepted(tx, email, draft, copies)));
      return accepted;
    });
    await this.outbox.enqueue(deliveries);
    if (outcome) this.logger.debug(`inbound ${inboundEmailId}: ${outcome.status} (${outcome.reason})`);
    return outcome;
  }

  /** Gives up on an email after every retry failed: held for staff, with the error. */
  async giveUp(inboundEmailId: string, error: string): Promise<void> {
    await this.transactor.run(async (tx) => {
      const locked = await this.repo.lockReceived(inboundEmailId, tx);
      if (locked)
        await this.repo.finish(
          locked.email.id,
          { status: 'held', reason: 'processing_error', detail: error },
          null,
          tx,
        );
    });
  }

  /** The message to record, once its attachments are stored (keys derived from the email's id). */
  private async draft(ctx: InboundContext): Promise<MessageDraft> {
    const { row, parsed, found, author, extracted } = ctx;
    const { kept, dropped } = filterAttachments(parsed!.attachments, this.attachmentLimits);
    ctx.droppedAttachments = dropped.map((d) => `${d.filename} (${d.reason})`);
    const stored = await this.attachments.save(row.id, kept);
    return this.conversations.draft(
      {
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
      },
      ctx.cited!.thread,
    );
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
