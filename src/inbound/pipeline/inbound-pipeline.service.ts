import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ConversationsService,
  newMessageSubject,
  type MessageDraft,
} from '../../conversations/conversations.service';
import { Transactor } from '../../database/transactor';
import { DeskRegistry, type DeskResult } from '../../desk/desk-registry';
import { DeskRepository } from '../../desk/desk.repository';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import { AppConfig } from '../../config/app-config';
import type { AttachmentLimits } from '../checks';
import {
  AcceptedRepliesRepository,
  type AcceptedReply,
  type NewThreadRow,
  type RecordedReplies,
} from '../accepted-replies.repository';
import { InboundRepository, type Outcome } from '../inbound.repository';
import { NoticePolicyService } from '../../notices/notice-policy.service';
import { withReplyText } from '../extraction';
import { AttachmentStore } from './attachment-store';
import { AuthenticationCheck } from './classify-checks';
import { markCopiesInBatch } from './duplicate.check';
import { ReplyHookRegistry } from './reply-hooks';
import { decideAttachments, type InboundCheck, type InboundContext } from './inbound-context';

export const INBOUND_CHECKS = Symbol('INBOUND_CHECKS');

/** What became of one email of a batch: its outcome (null: someone else finished it), or the error. */
export type EmailResult = { outcome: Outcome | null } | { error: Error };

const relayed = (deliveries: number): Outcome => ({
  status: 'accepted',
  reason: 'relayed',
  detail: `${deliveries} deliveries`,
});

/**
 * Turns stored inbound emails into exactly one recorded state each, a batch at a time. The checks
 * run in order and the first outcome wins; what a batch's replies cite is read in one query.
 * Plain replies, the path nearly every email takes, are recorded together in one statement with
 * their relayed copies. An email a check decides, a hook wants (commands, votes, letters) or that
 * needs a notice is finished on its own in a transaction. Nothing is locked while emails are
 * parsed: every write is conditional on the email still being `received`, so an email handled
 * twice at once (a recovery sweep, a stalled job) is recorded once.
 */
@Injectable()
export class InboundPipelineService {
  private readonly logger = new Logger(InboundPipelineService.name);
  private readonly attachmentLimits: AttachmentLimits;

  constructor(
    private readonly repo: InboundRepository,
    private readonly accepted: AcceptedRepliesRepository,
    private readonly transactor: Transactor,
    private readonly conversations: ConversationsService,
    private readonly outbox: OutboxService,
    private readonly attachments: AttachmentStore,
    @Inject(INBOUND_CHECKS) private readonly checks: InboundCheck[],
    private readonly hooks: ReplyHookRegistry,
    private readonly notices: NoticePolicyService,
    private readonly auth: AuthenticationCheck,
    private readonly desk: DeskRegistry,
    private readonly deskAsks: DeskRepository,
    config: AppConfig,
  ) {
    this.attachmentLimits = {
      maxFileBytes: config.env.ATTACHMENT_MAX_BYTES,
      maxTotalBytes: config.env.ATTACHMENTS_MAX_TOTAL_BYTES,
    };
  }

  /** Every id gets a result; one email's error never stops the others. */
  async processBatch(ids: string[]): Promise<Map<string, EmailResult>> {
    const results = new Map<string, EmailResult>(ids.map((id) => [id, { outcome: null }]));
    const fail = (ctx: InboundContext, error: unknown) =>
      results.set(ctx.row.id, { error: error instanceof Error ? error : new Error(String(error)) });
    const rows = await this.repo.readReceived([...results.keys()]);
    const contexts: InboundContext[] = rows.map((r) => ({
      tx: this.transactor.manager,
      row: r.email,
      recipientPairing: r.pairing,
    }));

    const citedAt = this.firstNeedingCited();
    const decided: [InboundContext, Outcome][] = [];
    const live: InboundContext[] = [];
    await each(contexts, fail, async (ctx) => {
      const outcome = await this.runChecks(ctx, 0, citedAt);
      if (outcome) decided.push([ctx, outcome]);
      else live.push(ctx);
    });
    await this.readCited(live);

    const plain: InboundContext[] = [];
    const alone: InboundContext[] = [];
    await each(live, fail, async (ctx) => {
      const outcome = await this.runChecks(ctx, citedAt, this.checks.length);
      if (outcome) decided.push([ctx, outcome]);
      else if (this.hooks.all().some((hook) => hook.wants(ctx))) alone.push(ctx);
      else {
        decideAttachments(ctx, this.attachmentLimits);
        (this.notices.owedForAccepted(ctx) ? alone : plain).push(ctx);
      }
    });

    alone.push(...(await this.recordPlain(plain, results, fail)));
    const settle = async (ctx: InboundContext, work: () => Promise<Outcome | null>) => {
      try {
        results.set(ctx.row.id, { outcome: await work() });
      } catch (error) {
        fail(ctx, error);
      }
    };
    await Promise.all([
      ...decided.map(([ctx, outcome]) =>
        settle(ctx, () => (ctx.desk ? this.finishDesk(ctx) : this.finishDecided(ctx, outcome))),
      ),
      ...alone.map((ctx) => settle(ctx, () => this.acceptAlone(ctx))),
    ]);
    this.logOutcomes(contexts, results);
    return results;
  }

  /** One line per email this batch finished (errors are the job's: see QueueEventsLogger). */
  private logOutcomes(contexts: InboundContext[], results: Map<string, EmailResult>): void {
    for (const ctx of contexts) {
      const result = results.get(ctx.row.id);
      if (!result || !('outcome' in result) || !result.outcome) continue;
      const { status, reason } = result.outcome;
      const pairingId = (ctx.found ?? ctx.recipientPairing)?.pairing.id ?? null;
      this.logger.log(
        { inboundId: ctx.row.id, pairingId, status, reason },
        `inbound email ${status} (${reason})`,
      );
    }
  }

  /** Gives up on an email after every retry failed: held for staff, with the error. */
  async giveUp(inboundEmailId: string, error: string): Promise<void> {
    const held = await this.transactor.run(async (tx) => {
      if (!(await this.repo.lockIfReceived(inboundEmailId, tx))) return false;
      await this.repo.finish(
        inboundEmailId,
        { status: 'held', reason: 'processing_error', detail: error },
        null,
        tx,
      );
      return true;
    });
    if (held)
      this.logger.warn(
        { inboundId: inboundEmailId, status: 'held', reason: 'processing_error', error },
        'inbound email held for staff: processing kept failing',
      );
  }

  private firstNeedingCited(): number {
    const at = this.checks.findIndex((check) => check.needsCited);
    return at === -1 ? this.checks.length : at;
  }

  private async runChecks(ctx: InboundContext, from: number, to: number): Promise<Outcome | null> {
    for (const check of this.checks.slice(from, to)) {
      const outcome = await check.run(ctx);
      if (outcome) return outcome;
    }
    return null;
  }

  /**
   * The thread, our quoted texts and the cited prompt of every reply still going, in one query,
   * with the author's message already recorded under the reply's Message-ID. An email earlier in
   * this batch counts as recorded too (see DuplicateCheck): the two would otherwise both be new.
   */
  private async readCited(contexts: InboundContext[]): Promise<void> {
    const cited = await this.conversations.citedBy(
      contexts.map(({ found, parsed, author }) => ({
        pairingId: found!.pairing.id,
        inReplyTo: parsed!.inReplyTo,
        references: parsed!.references,
        subject: parsed!.subject,
        messageId: parsed!.messageId,
        authorId: author?.id ?? null,
      })),
    );
    contexts.forEach((ctx, i) => (ctx.cited = cited[i]));
    markCopiesInBatch(contexts);
  }

  /**
   * Records plain replies in one statement and queues their copies. Replies of one pairing that
   * start a thread with the same subject share it, as they would one after the other. Returns the
   * replies to record one by one instead when the statement failed.
   */
  private async recordPlain(
    contexts: InboundContext[],
    results: Map<string, EmailResult>,
    fail: (ctx: InboundContext, error: unknown) => void,
  ): Promise<InboundContext[]> {
    const replies: AcceptedReply[] = [];
    const drafted: InboundContext[] = [];
    const newThreads = new Map<string, NewThreadRow>();
    await each(contexts, fail, async (ctx) => {
      const draft = await this.draft(ctx);
      // An empty subject never matches a thread (see citedBy), so such replies start their own.
      const subject = draft.newThread?.normalizedSubject || ctx.row.id;
      const key = `${draft.row.pairingId} ${subject}`;
      const thread = draft.newThread && (newThreads.get(key) ?? this.newThread(draft));
      if (thread) newThreads.set(key, thread);
      replies.push(this.reply(ctx, draft, thread));
      drafted.push(ctx);
    });
    if (replies.length === 0) return [];
    let written: RecordedReplies;
    try {
      written = await this.accepted.record(replies, [...newThreads.values()]);
    } catch (error) {
      this.logger.warn(
        { inboundIds: replies.map((r) => r.email.id), err: error },
        `recording ${replies.length} replies together failed, one by one now`,
      );
      return drafted;
    }
    for (const { email } of replies)
      results.set(email.id, { outcome: written.recorded.has(email.id) ? email.outcome : null });
    await this.enqueue(written.deliveries);
    await this.attachments.dropErased(
      replies
        .filter(({ email }) => !written.recorded.has(email.id))
        .map((r) => ({
          inboundEmailId: r.email.id,
          files: r.message.attachments,
        })),
    );
    return [];
  }

  /** A reply a hook wants, or that needs a notice: in a transaction of its own. */
  private async acceptAlone(ctx: InboundContext): Promise<Outcome | null> {
    const deliveries: Pick<Delivery, 'id' | 'kind'>[] = [];
    const outcome = await this.transactor.run(async (tx) => {
      if (!(await this.repo.lockIfReceived(ctx.row.id, tx))) return null;
      ctx.tx = tx;
      for (const hook of this.hooks.all()) {
        const result = await hook.handle(ctx);
        if (!result) continue;
        deliveries.push(...(result.deliveries ?? []));
        if (result.newText !== undefined && ctx.extracted)
          ctx.extracted = withReplyText(ctx.extracted, result.newText);
        if (result.outcome) {
          await this.repo.finish(ctx.row.id, result.outcome, this.facts(ctx), tx);
          return result.outcome;
        }
      }
      const draft = await this.draft(ctx);
      deliveries.push(...(await this.notices.forAccepted(ctx)));
      const thread = draft.newThread && this.newThread(draft);
      const reply = this.reply(ctx, draft, thread, deliveries.length);
      const recorded = await this.accepted.record([reply], thread ? [thread] : [], tx);
      deliveries.push(...recorded.deliveries);
      return reply.email.outcome;
    });
    await this.enqueue(deliveries);
    return outcome;
  }

  /** An email a check decided: its notice (if any) and outcome, in one transaction. */
  private async finishDecided(ctx: InboundContext, outcome: Outcome): Promise<Outcome | null> {
    const deliveries = await this.transactor.run(async (tx) => {
      if (!(await this.repo.lockIfReceived(ctx.row.id, tx))) return null;
      ctx.tx = tx;
      // A held command or letter is not a message for the partner: its notice must not say so.
      ctx.forUs = !!ctx.extracted && this.hooks.all().some((hook) => hook.wants(ctx));
      const notices = await this.notices.forOutcome(ctx, outcome, () => this.auth.verdicts(ctx));
      await this.repo.finish(ctx.row.id, outcome, this.facts(ctx), tx);
      return notices;
    });
    if (!deliveries) return null;
    await this.enqueue(deliveries);
    return outcome;
  }

  /** Mail to a join address or a desk (see DeskCheck): the desk's handler and the outcome, in one transaction. */
  private async finishDesk(ctx: InboundContext): Promise<Outcome | null> {
    const desk = ctx.desk!;
    const parsed = ctx.parsed!;
    const result = await this.transactor.run(async (tx): Promise<DeskResult | null> => {
      if (!(await this.repo.lockIfReceived(ctx.row.id, tx))) return null;
      ctx.tx = tx;
      const mail = {
        tx,
        inboundEmailId: ctx.row.id,
        programme: desk.programme,
        text: desk.text,
        subject: parsed.subject,
        messageId: parsed.messageId,
      };
      const answer =
        desk.kind === 'join'
          ? await this.desk.join({ ...mail, fromAddress: parsed.from!, fromName: parsed.fromName })
          : await this.desk.answer({
              ...mail,
              participant: desk.participant,
              ask: await this.deskAsks.askFor(
                desk.participant.id,
                [parsed.inReplyTo, ...[...parsed.references].reverse()].filter((id): id is string => !!id),
                tx,
              ),
            });
      await this.repo.finish(ctx.row.id, answer.outcome, this.facts(ctx), tx);
      return answer;
    });
    if (!result) return null;
    await this.enqueue(result.deliveries ?? []);
    return result.outcome;
  }

  /** After the commit; if Redis is down the outbox's recovery sweep queues them later. */
  private async enqueue(deliveries: Pick<Delivery, 'id' | 'kind'>[]): Promise<void> {
    try {
      await this.outbox.enqueue(deliveries);
    } catch (error) {
      this.logger.warn(
        { deliveryIds: deliveries.map((d) => d.id), err: error },
        `could not queue ${deliveries.length} deliveries (the recovery sweep will)`,
      );
    }
  }

  private newThread(draft: MessageDraft): NewThreadRow {
    return { id: randomUUID(), pairingId: draft.row.pairingId, ...draft.newThread! };
  }

  private reply(
    ctx: InboundContext,
    draft: MessageDraft,
    newThread: NewThreadRow | null,
    otherDeliveries = 0,
  ): AcceptedReply {
    const message = { ...draft.row, threadId: draft.row.threadId ?? newThread!.id };
    const copies = this.outbox.relayCopies(message, ctx.found!);
    const outcome = relayed(otherDeliveries + copies.length);
    return { email: { id: ctx.row.id, outcome, facts: this.facts(ctx) }, message, copies };
  }

  /** The message to record, once its attachments are stored (keys derived from the email's id). */
  private async draft(ctx: InboundContext): Promise<MessageDraft> {
    const { row, parsed, found, author, extracted } = ctx;
    const { kept, dropped } = decideAttachments(ctx, this.attachmentLimits);
    const stored = await this.attachments.save(row.id, kept, found!.pairing.relayAddress);
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
        // A reply to a notice or a confirmation: a new message, not "Re: Done: resume".
        newThreadSubject: ctx.cited!.answersAutomatic ? newMessageSubject(author!) : undefined,
        newText: extracted!.reply,
        newHtml: extracted!.html ?? null,
        quotedText: extracted!.quoted,
        fullText: parsed!.text ?? '',
        html: parsed!.html,
        attachments: stored,
        droppedAttachments: dropped.map(({ filename, contentType, reason }) => ({
          filename,
          contentType,
          reason,
        })),
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
      // An unreadable email still shows staff the subject and id its header block gave.
      subject: (ctx.parsed?.subject ?? ctx.unreadable?.subject)?.slice(0, 500) ?? null,
      messageId: ctx.parsed?.messageId ?? ctx.unreadable?.messageId ?? null,
      pairingId: ctx.found?.pairing.id ?? null,
    };
  }
}

/** Runs `work` for each item in turn; an item that throws is handed to `fail` and the rest go on. */
async function each<T>(
  items: T[],
  fail: (item: T, error: unknown) => void,
  work: (item: T) => Promise<void>,
): Promise<void> {
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      fail(item, error);
    }
  }
}
