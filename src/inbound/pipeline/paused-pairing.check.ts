import { held, type InboundCheck, type InboundContext } from './inbound-context';

export const PAUSED_DETAIL = 'waits for the pairing to resume';

/**
 * The last check: a member's message to a paused pairing has passed everything else (sender,
 * authentication, not empty, relayable) and waits, held, until staff resume the pairing; then it
 * goes through the pipeline again (PausedMailService.releaseFor). The whole email waits, commands
 * and votes included, so that nothing in it is acted on twice. Its sender is told at once.
 */
export class PausedPairingCheck implements InboundCheck {
  readonly name = 'pairing_paused';
  run(ctx: InboundContext) {
    return ctx.found?.pairing.status === 'paused' ? held('pairing_paused', PAUSED_DETAIL) : null;
  }
}
