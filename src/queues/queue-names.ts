/**
 * Every queue, job name and payload in one typed map. Names are literals, never derived from class
 * names, so a rename cannot orphan jobs already in Redis. Payloads carry ids only; the rows in
 * PostgreSQL are the truth, so a job whose row is gone or finished returns early.
 */
export const QUEUES = {
  inbound: 'inbound',
  outbound: 'outbound',
  schedule: 'schedule',
} as const;

export const JOBS = {
  processInbound: 'process-inbound',
  sendDelivery: 'send-delivery',
  scheduleTick: 'schedule-tick',
} as const;

export interface JobPayloads {
  [JOBS.processInbound]: { inboundEmailId: string };
  [JOBS.sendDelivery]: { deliveryId: string };
  [JOBS.scheduleTick]: Record<string, never>;
}

/** Bull priorities: lower runs first. Relays before prompts before digests. */
export const DELIVERY_PRIORITY = {
  relay: 1,
  notice: 2,
  prompt: 3,
  digest: 4,
  welcome: 3,
  checkin: 2,
} as const;
