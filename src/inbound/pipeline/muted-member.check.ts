import { parseCircleCommand } from '../../circles/parse-circle-command';
import { held, releasedFrom, type InboundCheck, type InboundContext } from './inbound-context';

export const MUTED_DETAIL = 'muted in the circle: held for staff';

/**
 * A circle member a lead or staff muted: their mail passed every other check and is held for
 * staff (who see it on the held list and may release it), so nothing of it reaches the circle.
 * Only a `#leave` goes through: muting someone must not keep them in.
 */
export class MutedMemberCheck implements InboundCheck {
  readonly name = 'member_muted';
  run(ctx: InboundContext) {
    const { found, author, extracted } = ctx;
    if (!found || !author || !found.mutedIds?.includes(author.id)) return null;
    if (releasedFrom(ctx.row, 'member_muted')) return null;
    // "#leave" alone on the first line goes on to CircleCommandHook.
    if (parseCircleCommand(extracted?.reply ?? '')?.command === 'leave') return null;
    return held('member_muted', MUTED_DETAIL);
  }
}
