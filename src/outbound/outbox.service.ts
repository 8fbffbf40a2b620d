import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ConversationsService, type RecordedMessage } from '../conversations/conversations.service';
import type { PairingWithMembers } from '../programs/programs.repository';
import { randomKey } from '../programs/relay-address';
import { JobQueue } from '../queues/job-queue';
import { DeliveryComposerRegistry } from './delivery-composer';
import type { Delivery } from './entities/delivery.entity';
import { buildMime } from './mime';
import { OutboxRepository } from './outbox.repository';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport';
import { TransportError } from './transports/transport-error';

/** Thrown to the processor when a send failed permanently: recorded, and the job is discarded. */
export class PermanentSendFailure extends Error {}

/**
 * The outbox: every email we send is first a row, written in the same transaction as what caused
 * it, with a unique dedupe key that is also the Bull jobId. Sending claims the row, builds the
 * MIME, hands it to the transport and records the transport id.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly repo: OutboxRepository,
    private readonly conversations: ConversationsService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly composers: DeliveryComposerRegistry,
  ) {}

  newMessageId(): string {
    return `${randomKey(16)}@${this.config.env.RELAY_DOMAIN}`;
  }

  /** One relay delivery per other member of the pairing, inside the caller's transaction. */
  async queueRelay(
    tx: EntityManager,
    recorded: RecordedMessage,
    found: PairingWithMembers,
  ): Promise<Delivery[]> {
    const { message } = recorded;
    const rows = found.members
      .filter((m) => m.id !== message.authorId)
      .map((m) => ({
        dedupeKey: `relay:${message.id}:${m.id}`,
        kind: 'relay' as const,
        pairingId: found.pairing.id,
        sourceMessageId: message.id,
        recipientId: m.id,
        toAddress: m.email,
        messageId: this.newMessageId(),
      }));
    const created = await this.repo.insertMany(rows, tx);
    for (const d of created) await this.conversations.linkCopy(tx, message, d.recipientId!, d.messageId);
    return created;
  }

  /** Writes arbitrary deliveries (prompts, digests, notices) inside the caller's transaction. */
  queueMany(tx: EntityManager, rows: Partial<Delivery>[]): Promise<Delivery[]> {
    return this.repo.insertMany(
      rows.map((r) => ({ ...r, messageId: r.messageId ?? this.newMessageId() })),
      tx,
    );
  }

  /** After the transaction committed: hand the new deliveries to Bull. */
  async enqueue(deliveries: Pick<Delivery, 'id' | 'kind'>[]): Promise<void> {
    for (const d of deliveries) await this.jobs.sendDelivery(d.id, d.kind);
  }

  /** Sends one delivery; safe to call twice (only a queued row is claimed). */
  async send(deliveryId: string): Promise<void> {
    const delivery = await this.repo.claim(deliveryId);
    if (!delivery) return;
    const composer = this.composers.get(delivery.kind);
    if (!composer) {
      await this.repo.finish(delivery.id, 'failed', `no composer for ${delivery.kind}`);
      throw new PermanentSendFailure(`no composer for ${delivery.kind}`);
    }
    let raw: Buffer;
    let composed;
    try {
      composed = await composer.compose(delivery);
      if ('skip' in composed) {
        await this.repo.finish(delivery.id, 'skipped', composed.skip);
        return;
      }
      raw = await buildMime(composed.mail);
    } catch (error) {
      await this.repo.finish(delivery.id, 'failed', `compose: ${(error as Error).message}`);
      throw new PermanentSendFailure((error as Error).message);
    }
    try {
      const result = await this.transport.send({
        from: composed.envelopeFrom,
        to: delivery.toAddress,
        raw,
        messageId: delivery.messageId,
        tags: { kind: delivery.kind },
      });
      await this.repo.markSent(delivery.id, {
        transport: this.transport.name,
        transportId: result.transportId,
        providerMessageId: result.providerMessageId,
        templateName: composed.templateName,
        templateHash: composed.templateHash,
      });
    } catch (error) {
      const kind = error instanceof TransportError ? error.kind : 'retry';
      const reason = error instanceof TransportError ? error.reason : (error as Error).message;
      if (kind === 'permanent') {
        await this.repo.finish(delivery.id, 'failed', reason);
        throw new PermanentSendFailure(reason);
      }
      await this.repo.release(delivery.id, reason);
      this.logger.warn(`delivery ${delivery.id}: ${reason} (will retry)`);
      throw error;
    }
  }
}
