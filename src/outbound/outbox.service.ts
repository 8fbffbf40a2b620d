import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { Message } from '../conversations/entities/message.entity';
import { automaticMessageId } from '../conversations/automatic-ids';
import type { PairingWithMembers } from '../programs/programs.repository';
import { randomKey } from '../programs/relay-address';
import { JobQueue } from '../queues/job-queue';
import { SendMetrics } from '../metrics/send-metrics';
import { type ComposedEmail, DeliveryComposerRegistry } from './delivery-composer';
import type { Delivery } from './entities/delivery.entity';
import { bounceAddress } from './feedback/bounce-address';
import { checkSize, SES_RAW_LIMIT_BYTES } from './mime';
import { isOffloadFailure, OffloadService } from '../offload/offload.service';
import { RelayNotices } from './notices/relay-notices.service';
import { type ClaimedDelivery, OutboxRepository } from './outbox.repository';
import { OutboundPauseService } from './sending/pause.service';
import {
  HandOverRefused,
  MAIL_TRANSPORT,
  type MailTransport,
  type TransportResult,
} from './transports/mail-transport';
import { TransportError } from './transports/transport-error';

/** Why a claimed delivery must not go out at all, or null (the facts come with the claim). */
function blockedReason(claimed: ClaimedDelivery): string | null {
  if (claimed.addressSuppressed) return 'address suppressed';
  const { kind, recipientId } = claimed.delivery;
  if ((kind === 'prompt' || kind === 'digest') && recipientId && claimed.promptsStopped) {
    return 'prompts stopped';
  }
  return null;
}

type LogIds = Record<string, string | null>;

/** What every line about a delivery carries (with the inbound email's id, for a relayed copy). */
function deliveryIds(delivery: Delivery): LogIds {
  return {
    deliveryId: delivery.id,
    kind: delivery.kind,
    pairingId: delivery.pairingId,
    sourceMessageId: delivery.sourceMessageId,
  };
}

/** A relayed copy of a message to one member; its Message-ID is linked to that member. */
export type RelayCopy = Pick<Delivery, 'dedupeKey' | 'recipientId' | 'toAddress' | 'messageId'>;

/** Thrown to the processor when a send failed permanently: recorded, and the job is discarded. */
export class PermanentSendFailure extends Error {}

/**
 * The outbox: every email we send is first a row, written in the same transaction as what caused
 * it, with a unique dedupe key that is also the Bull jobId. Sending claims the row, checks the
 * suppression list (in the claim's own statement), builds the MIME, checks its size, hands it to the transport and records the
 * transport id. States: queued -> sending -> sent | failed | suppressed | skipped, and `uncertain`
 * for a send interrupted by a crash (see RecoveryService).
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly repo: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly composers: DeliveryComposerRegistry,
    private readonly pauses: OutboundPauseService,
    private readonly notices: RelayNotices,
    private readonly sendMetrics: SendMetrics,
    private readonly offload: OffloadService,
  ) {}

  newMessageId(): string {
    return `${randomKey(16)}@${this.config.env.RELAY_DOMAIN}`;
  }

  /**
   * Notices, command confirmations, digests and returned letters: marked, so a reply to one
   * becomes a new message in the pairing instead of a thread named after that email (see
   * automatic-ids.ts).
   */
  private messageIdFor(row: Partial<Delivery>): string {
    const type = (row.payload as { type?: unknown } | null)?.type;
    const automatic =
      row.kind === 'notice' || row.kind === 'digest' || type === 'command' || type === 'letter';
    return automatic ? automaticMessageId(randomKey(16), this.config.env.RELAY_DOMAIN) : this.newMessageId();
  }

  /**
   * The relay deliveries of a message: one per other member of the pairing, for the caller to
   * write in its transaction. Nobody else (a participant's Cc) ever gets a copy: the recipients
   * are the pairing's members.
   */
  relayCopies(message: Pick<Message, 'id' | 'authorId'>, found: PairingWithMembers): RelayCopy[] {
    return found.members
      .filter((m) => m.id !== message.authorId)
      .map((m) => ({
        dedupeKey: `relay:${message.id}:${m.id}`,
        recipientId: m.id,
        toAddress: m.email,
        messageId: this.newMessageId(),
      }));
  }

  /** Writes arbitrary deliveries (prompts, digests, notices) inside the caller's transaction. */
  queueMany(tx: EntityManager, rows: Partial<Delivery>[]): Promise<Delivery[]> {
    return this.repo.insertMany(
      rows.map((r) => ({ ...r, messageId: r.messageId ?? this.messageIdFor(r) })),
      tx,
    );
  }

  /** After the transaction committed: hand the new deliveries to Bull. */
  async enqueue(deliveries: Pick<Delivery, 'id' | 'kind'>[]): Promise<void> {
    await this.jobs.sendDeliveries(deliveries);
  }

  /** Sends one delivery; safe to call twice (only a queued row is claimed). */
  async send(deliveryId: string): Promise<void> {
    const claimed = await this.repo.claim(deliveryId);
    if (!claimed) return;
    const { delivery } = claimed;
    const ids = { ...deliveryIds(delivery), inboundId: claimed.inbound?.id ?? null };
    const blocked = blockedReason(claimed);
    if (blocked) {
      await this.repo.finish(delivery, 'suppressed', blocked);
      return;
    }
    let built: Awaited<ReturnType<typeof this.build>>;
    try {
      built = await this.build(delivery);
    } catch (error) {
      // A thread lost or stopped under this build says nothing of the delivery: it is tried again.
      if (isOffloadFailure(error)) return this.transportFailed(delivery, ids, error);
      throw error;
    }
    if (!built) return;
    const { composed, raw } = built;
    let result: TransportResult;
    try {
      result = await this.transport.send(
        {
          // Our per-delivery return path: a bounce is believed only when it comes back to it.
          from: bounceAddress(delivery, this.config.env.RELAY_DOMAIN),
          to: delivery.toAddress,
          raw,
          messageId: delivery.messageId,
          tags: { kind: delivery.kind },
        },
        // Recorded at the transport's point of no return: a crash before it leaves a row the
        // sweep queues again, after it an `uncertain` one (see RecoveryService).
        () => this.repo.handOver(delivery),
      );
    } catch (error) {
      // The row is no longer this claim's (the sweep took it back): it is not ours to touch.
      if (error instanceof HandOverRefused) return;
      return this.transportFailed(delivery, ids, error);
    }
    this.sendMetrics.accepted(delivery.kind, this.transport.name, claimed.inbound?.receivedAt ?? null);
    // The transport accepted the mail: from here on nothing may send it again. Should recording
    // that fail, the row stays `sending` and the lease makes it `uncertain` for staff (see
    // RecoveryService); releasing it to `queued` would send a second copy.
    try {
      await this.repo.markSent(delivery.id, {
        transport: this.transport.name,
        transportId: result.transportId,
        providerMessageId: result.providerMessageId,
        templateName: composed.templateName,
        templateHash: composed.templateHash,
      });
    } catch (error) {
      this.logger.error(
        { ...ids, transport: this.transport.name, transportId: result.transportId, err: error },
        'delivery accepted by the transport but not recorded: left in sending, never resent',
      );
      return;
    }
    this.logger.log(
      { ...ids, transport: this.transport.name, transportId: result.transportId },
      'delivery sent',
    );
    if (result.providerMessageId && delivery.sourceMessageId) {
      // The mail is out: a failure here must not turn into a retry (and a second copy).
      await this.repo
        .linkProviderMessageId(delivery.sourceMessageId, result.providerMessageId)
        .catch((e: Error) =>
          this.logger.warn({ ...ids, err: e }, 'delivery sent; could not link its provider id'),
        );
    }
  }

  /** Composes and builds the MIME; records skips and permanent failures itself (then null). */
  private async build(delivery: Delivery): Promise<{ composed: ComposedEmail; raw: Buffer } | null> {
    const composer = this.composers.get(delivery.kind);
    if (!composer) {
      await this.repo.finish(delivery, 'failed', `no composer for ${delivery.kind}`);
      throw new PermanentSendFailure(`no composer for ${delivery.kind}`);
    }
    let composed: ComposedEmail;
    let raw: Buffer;
    try {
      const result = await composer.compose(delivery);
      if ('skip' in result) {
        await this.repo.finish(delivery, 'skipped', result.skip);
        return null;
      }
      composed = result;
      if (this.transport.name === 'ses') {
        // SES replaces our Message-ID; citing it in References keeps it in every reply's chain.
        const refs = composed.mail.references ?? [];
        composed = { ...composed, mail: { ...composed.mail, references: [...refs, delivery.messageId] } };
      }
      raw = await this.offload.run('buildMime', composed.mail);
    } catch (error) {
      if (isOffloadFailure(error)) throw error;
      await this.repo.finish(delivery, 'failed', `compose: ${(error as Error).message}`);
      throw new PermanentSendFailure((error as Error).message);
    }
    const size = checkSize(raw);
    if (!size.ok) {
      // Told once, by the claim that recorded the failure.
      if (await this.repo.finish(delivery, 'failed', `${size.reason}: ${size.bytes} bytes`))
        await this.tellAuthorTooLarge(delivery, size.bytes);
      throw new PermanentSendFailure(`${size.reason}: ${size.bytes} bytes`);
    }
    return { composed, raw };
  }

  private async tellAuthorTooLarge(delivery: Delivery, bytes: number): Promise<void> {
    const notice = await this.notices.tooLarge(delivery, bytes, SES_RAW_LIMIT_BYTES);
    if (!notice) return;
    const created = await this.repo.insertMany([{ ...notice, messageId: this.newMessageId() }]);
    await this.enqueue(created);
  }

  /**
   * Staff retry of a delivery that failed: its attempts start again from zero and it is queued.
   * Returns false when the delivery is not `failed` (sent, queued, uncertain...): nothing done.
   */
  async retry(deliveryId: string): Promise<boolean> {
    const requeued = await this.repo.requeueFailed(deliveryId);
    if (!requeued) return false;
    await this.jobs.reviveDelivery(requeued.id, requeued.kind);
    return true;
  }

  private async transportFailed(delivery: Delivery, ids: LogIds, error: unknown): Promise<void> {
    const kind = error instanceof TransportError ? error.kind : 'retry';
    const reason = error instanceof TransportError ? error.reason : (error as Error).message;
    if (kind === 'permanent') {
      if (!(await this.repo.finish(delivery, 'failed', reason))) return this.claimTakenBack(ids, reason);
      throw new PermanentSendFailure(reason);
    }
    if (kind === 'uncertain') {
      // Handed over and then no answer: the provider may have it. Sending again could make a
      // second copy, so staff decide (the admin shows uncertain deliveries).
      if (!(await this.repo.finish(delivery, 'uncertain', reason))) return this.claimTakenBack(ids, reason);
      this.logger.warn(
        { ...ids, status: 'uncertain', reason },
        'delivery handed over, then no answer: uncertain',
      );
      throw new PermanentSendFailure(reason);
    }
    // `attempts` was counted by the claim. Past the limit the delivery ends `failed` with the
    // last error, for staff to retry: otherwise the recovery sweep would revive it forever.
    const max = this.config.env.DELIVERY_MAX_ATTEMPTS;
    if (kind === 'retry' && delivery.attempts >= max) {
      const final = `${reason} (gave up after ${delivery.attempts} attempts)`;
      if (!(await this.repo.finish(delivery, 'failed', final))) return this.claimTakenBack(ids, reason);
      this.logger.warn({ ...ids, status: 'failed', reason: final }, 'delivery failed');
      throw new PermanentSendFailure(final);
    }
    // Nothing left the building: back to queued, for Bull's retry (or the resume after a pause).
    // A pause is our own throttling, not the delivery's failure: it gives its attempt back.
    const released = await this.repo.release(delivery, reason, kind === 'pause');
    // A pause speaks for the account, whoever holds this row now.
    if (kind === 'pause') await this.pauses.pause(reason);
    if (!released) return this.claimTakenBack(ids, reason);
    if (kind !== 'pause')
      this.logger.warn({ ...ids, attempts: delivery.attempts, reason }, 'delivery not accepted, will retry');
    throw error;
  }

  /**
   * This claim failed after the recovery sweep had taken its row back (it stalled past its lease):
   * the row's outcome belongs to the claim that holds it now, which may have sent it already.
   */
  private claimTakenBack(ids: LogIds, reason: string): void {
    this.logger.warn(
      { ...ids, reason },
      'delivery failed on a claim the sweep had taken back: left to the current claim',
    );
  }
}
