/** Share of the SES account's maximum send rate the outbound queue may use. */
export const SEND_RATE_SHARE = 0.8;

export interface QueueLimiter {
  max: number;
  duration: number;
}

/**
 * Bull's limiter counts jobs in fixed windows, so two full windows can meet inside one second.
 * Short windows of few jobs keep that overlap small: with `max` at most 1/8 of the target rate,
 * any one-second span sees at most target + 2·max <= 1.25 x target = the account's own rate.
 * (Below 10 emails per second, e.g. the SES sandbox, a window holds one job and the SDK's own
 * retry absorbs the rare overlap.) This paces the *starts* of send jobs; SendPacer holds the
 * calls themselves (see callWindowFor).
 */
export function limiterFor(maxSendRate: number): QueueLimiter {
  const target = targetRate(maxSendRate);
  const max = Math.max(1, Math.floor(target / 8));
  return { max, duration: Math.ceil((1000 * max) / target) };
}

/**
 * The sliding window SendPacer holds each SendRawEmail call to: at most `max` calls in any
 * `duration` ms, which is never more than 80% of the account's rate. A sliding window, unlike
 * Bull's fixed ones, has no boundary where two full windows meet, so it needs no headroom; what
 * it paces is the call, after the claim and the MIME build whose time varies under load.
 */
export function callWindowFor(maxSendRate: number): QueueLimiter {
  const target = targetRate(maxSendRate);
  const max = Math.max(1, Math.floor(target));
  return { max, duration: Math.ceil((1000 * max) / target) };
}

function targetRate(maxSendRate: number): number {
  if (!(maxSendRate > 0)) throw new Error(`invalid send rate ${maxSendRate}`);
  return maxSendRate * SEND_RATE_SHARE;
}
