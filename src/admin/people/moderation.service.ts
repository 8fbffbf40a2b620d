import { Injectable } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { PageOf, PageRequest } from '../../database/paged-query';
import { Transactor } from '../../database/transactor';
import { extractReply } from '../../inbound/extraction';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { NoticePayload } from '../../notices/notice.composer';
import type { Participant } from '../../programs/entities/participant.entity';
import { greetingName } from '../../programs/participant-names';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { JobQueue } from '../../queues/job-queue';
import type { ModerationNoticeProps } from '../../rendering/template-props';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { ModerationRepository, type HeldForReview } from './moderation.repository';
import { PeopleRepository } from './people.repository';
import { replyControls } from '../../unsubscribe/unsubscribe-links';
import { linkTargets } from '../../inbound/checks/link-targets';

export interface ReviewItem {
  id: string;
  receivedAt: Date;
  subject: string;
  /** What the check found, e.g. "held for review: phone number". */
  detail: string;
  authorName: string;
  partnerNames: string;
  pairingId: string;
  /** The new text of the message, as it would be relayed (plain text; the page escapes it). */
  text: string;
  /** Where the new text's links lead: what "Approve" passes on is not only what the text shows. */
  links: string[];
  /** The files it carries, "name (type, size)": passed on with it. */
  files: string[];
}

/** Each item carries its text and three forms: 20 make a page staff can work through. */
export const REVIEW_PAGE_SIZE = 20;

/**
 * Staff decide on held messages: approve (relayed as written), edit (relayed with staff's text,
 * the author told what was sent) or reject (not relayed, the author told why). Each decision is
 * audited; the email itself goes through the pipeline again, so every other check still applies.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly repo: ModerationRepository,
    private readonly people: PeopleRepository,
    private readonly programs: ProgramsRepository,
    private readonly outbox: OutboxService,
    private readonly queue: JobQueue,
    private readonly transactor: Transactor,
  ) {}

  /** One page of the queue; only its items' emails are parsed, so a long queue costs a page's worth. */
  async queueOf(programmeId: string, req: PageRequest): Promise<PageOf<ReviewItem>> {
    const found = await this.repo.queueOf(programmeId, req, REVIEW_PAGE_SIZE);
    return { ...found, rows: await Promise.all(found.rows.map((r) => this.item(r))) };
  }

  async approve(id: string, staffId: string): Promise<string> {
    const held = await this.held(id);
    if (!(await this.repo.release(id, staffId, null)))
      throw new AdminInputError('This message was decided already.');
    await this.people.audit({
      staffId,
      programmeId: held.programmeId,
      inboundEmailId: id,
      action: 'moderation_approved',
    });
    await this.queue.reviveInbound(id);
    return held.programmeId;
  }

  /** `subject`: staff's subject for a message that starts a thread (a reply keeps its thread's). */
  async edit(id: string, staffId: string, text: string, subject?: string): Promise<string> {
    const edited = text.trim();
    if (!edited) throw new AdminInputError('Write the text to pass on, or reject the message.');
    const held = await this.held(id);
    const newSubject = subject?.trim().slice(0, 500);
    if (!(await this.repo.release(id, staffId, edited, newSubject || null)))
      throw new AdminInputError('This message was decided already.');
    await this.tellAuthor(held, 'edited', { editedText: edited });
    await this.people.audit({
      staffId,
      programmeId: held.programmeId,
      inboundEmailId: id,
      action: 'moderation_edited',
    });
    await this.queue.reviveInbound(id);
    return held.programmeId;
  }

  async reject(id: string, staffId: string, reason: string): Promise<string> {
    const why = reason.trim();
    if (!why) throw new AdminInputError('Say why, in a sentence the author will read.');
    const held = await this.held(id);
    if (!(await this.repo.reject(id))) throw new AdminInputError('This message was decided already.');
    await this.tellAuthor(held, 'rejected', { reasonText: why });
    await this.people.audit({
      staffId,
      programmeId: held.programmeId,
      inboundEmailId: id,
      action: 'moderation_rejected',
    });
    return held.programmeId;
  }

  private async held(id: string): Promise<HeldForReview> {
    const row = await this.repo.one(id);
    if (!row) throw new AdminNotFound('held message');
    return row;
  }

  private async item(r: HeldForReview): Promise<ReviewItem> {
    const found = await this.programs.findPairing(r.pairingId);
    const author = found ? authorOf(found, r.fromAddress) : null;
    let text = '';
    let links: string[] = [];
    let files: string[] = [];
    if (r.raw) {
      const parsed = await simpleParser(r.raw);
      const html = typeof parsed.html === 'string' ? parsed.html : null;
      const reply = extractReply({
        text: parsed.text ?? null,
        html,
        sentTexts: [],
        subject: parsed.subject ?? '',
      });
      text = reply.reply;
      links = linkTargets(reply.html ?? '');
      files = parsed.attachments.map(
        (a) => `${a.filename ?? 'unnamed'} (${a.contentType}, ${Math.ceil(a.size / 1024)} KB)`,
      );
    }
    return {
      id: r.id,
      receivedAt: r.receivedAt,
      subject: r.subject ?? '',
      detail: r.detail ?? '',
      authorName: author?.name ?? 'unknown sender',
      partnerNames: (found?.members ?? [])
        .filter((m) => m.id !== author?.id)
        .map((m) => m.name)
        .join(', '),
      pairingId: r.pairingId,
      text,
      links,
      files,
    };
  }

  private async tellAuthor(
    held: HeldForReview,
    change: 'edited' | 'rejected',
    words: Partial<Pick<ModerationNoticeProps, 'editedText' | 'reasonText'>>,
  ): Promise<void> {
    const found = await this.programs.findPairing(held.pairingId);
    const author = found ? authorOf(found, held.fromAddress) : null;
    if (!found || !author) return;
    const relay = found.pairing.relayAddress;
    const partners = found.members.filter((m) => m.id !== author.id);
    const props: ModerationNoticeProps = {
      lang: author.locale,
      programmeName: found.programme.name,
      recipientName: greetingName(author),
      role: author.role,
      partnerName: found.pairing.name ?? partners.map((m) => greetingName(m)).join(' and ') ?? 'your partner',
      ...replyControls(relay),
      ...(found.pairing.kind !== 'pair' && found.pairing.name ? { circleName: found.pairing.name } : {}),
      change,
      originalSubject: held.subject ?? '',
      staffContactText: 'your programme coordinator',
      editedText: words.editedText ?? '',
      reasonText: words.reasonText ?? '',
    };
    const payload: NoticePayload = {
      reason: `moderation_${change}`,
      relayAddress: relay,
      input: { name: 'notice-moderation', props },
      inboundEmailId: held.id,
    };
    const row: Partial<Delivery> = {
      dedupeKey: `notice:moderation:${held.id}:${change}`,
      kind: 'notice',
      pairingId: found.pairing.id,
      recipientId: author.id,
      toAddress: author.email,
      payload: payload as unknown as Delivery['payload'],
    };
    const deliveries = await this.transactor.run((tx) => this.outbox.queueMany(tx, [row]));
    await this.outbox.enqueue(deliveries);
  }
}

function authorOf(found: PairingWithMembers, from: string | null): Participant | null {
  if (!from) return null;
  return (
    [...found.members, ...(found.former ?? [])].find(
      (m) => m.email === from || m.emailAliases.includes(from),
    ) ?? null
  );
}
