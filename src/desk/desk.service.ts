import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { NoticePayload } from '../notices/notice.composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import type { TemplateInput } from '../rendering/template-catalog';
import { deskAddress } from './desk-address';
import { DeskRepository } from './desk.repository';
import type { DeskAsk } from './entities/desk-ask.entity';

export interface DeskEmail {
  participantId: string;
  toAddress: string;
  /** Unique per email (a retry of the same step writes nothing new): e.g. `enrol:confirm:<id>`. */
  dedupeKey: string;
  input: TemplateInput;
  /** Why the programme writes, for staff and logs (`enrol-confirm`). */
  reason: string;
  pairingId?: string | null;
  attachments?: NoticePayload['attachments'];
}

/**
 * The programme writing to one person from their desk address, so their reply comes back to the
 * desk (see DeskRegistry) and nobody else's address is involved.
 */
@Injectable()
export class DeskService {
  constructor(
    private readonly repo: DeskRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** The person's desk address (drawn on first use). */
  async addressOf(participantId: string, tx?: EntityManager): Promise<string> {
    return deskAddress(await this.repo.ensureDeskKey(participantId, tx), this.config.env.RELAY_DOMAIN);
  }

  /** Writes an email from the desk in the caller's transaction; queue it after the commit. Null when written before. */
  async tell(tx: EntityManager, email: DeskEmail): Promise<Delivery | null> {
    const payload: NoticePayload = {
      reason: email.reason,
      relayAddress: await this.addressOf(email.participantId, tx),
      input: email.input,
      ...(email.attachments ? { attachments: email.attachments } : {}),
    };
    const [delivery] = await this.outbox.queueMany(tx, [
      {
        dedupeKey: email.dedupeKey,
        kind: 'notice',
        pairingId: email.pairingId ?? null,
        recipientId: email.participantId,
        toAddress: email.toAddress,
        payload: payload as never,
      },
    ]);
    return delivery ?? null;
  }

  /**
   * Asks a question by email: the email (as `tell`) and an open ask of `kind` that the person's
   * reply is handed to, matched by the Message-ID it cites. Null when this email was written before.
   */
  async ask(
    tx: EntityManager,
    email: DeskEmail & { kind: string; refId?: string | null },
  ): Promise<{ delivery: Delivery; ask: DeskAsk } | null> {
    const delivery = await this.tell(tx, email);
    if (!delivery) return null;
    const ask = await this.repo.insertAsk(
      {
        participantId: email.participantId,
        kind: email.kind,
        refId: email.refId ?? null,
        messageId: delivery.messageId,
      },
      tx,
    );
    return { delivery, ask };
  }

  markAnswered(tx: EntityManager, askId: string, close: boolean): Promise<void> {
    return this.repo.markAnswered(askId, close, tx);
  }

  close(tx: EntityManager, askId: string): Promise<void> {
    return this.repo.close(askId, tx);
  }

  openAsks(tx: EntityManager, participantId: string, kind: string): Promise<DeskAsk[]> {
    return this.repo.openAsks(participantId, kind, tx);
  }
}
