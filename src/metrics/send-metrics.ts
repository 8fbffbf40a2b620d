import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** Seconds from the inbound email's receipt to its relayed copy's acceptance: 0.1 s to an hour. */
export const RELAY_LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * What the sending worker counts itself, in the process that sends: every email a transport
 * accepted, and for a relayed copy how long after its inbound email was received (committed,
 * before SMTP's 250 or the webhook's 200) the partner's copy was accepted (SMTP 250 from the relay
 * host, SES's message id, the file written). Served by that process (see MetricsModule).
 */
@Injectable()
export class SendMetrics {
  private readonly sends: Counter<'kind' | 'transport'>;
  private readonly relayLatency: Histogram;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.sends = new Counter({
      name: 'mentormail_sends_total',
      help: 'Emails accepted by the transport, counted by the process that sent them',
      labelNames: ['kind', 'transport'],
      registers,
    });
    this.relayLatency = new Histogram({
      name: 'mentormail_relay_latency_seconds',
      help: "Inbound email received to the partner's relayed copy accepted by the transport",
      buckets: RELAY_LATENCY_BUCKETS,
      registers,
    });
  }

  /** The transport accepted one email; `inboundReceivedAt` is set for a relayed copy. */
  accepted(kind: string, transport: string, inboundReceivedAt: Date | null, at = new Date()): void {
    this.sends.inc({ kind, transport });
    if (kind === 'relay' && inboundReceivedAt)
      this.relayLatency.observe(Math.max(0, (at.getTime() - inboundReceivedAt.getTime()) / 1000));
  }
}
