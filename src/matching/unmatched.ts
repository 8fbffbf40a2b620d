import type { ForbiddenIndex } from './candidates';
import type { MatchContext } from './match-context';
import type { BlockReason } from './match.types';
import { BLOCK_BITS, evaluatePair, PairFacts } from './pair-facts';

/** Staff-facing words for each block reason (the same names as BlockReason). */
export const BLOCK_WORDS: Record<BlockReason, string> = {
  'same-person': 'same person',
  forbidden: 'marked "never pair again"',
  'no-shared-language': 'no shared language',
  'industry-differs': 'different industry',
  'background-missing': 'background asked for is missing',
  'tz-too-far': 'too many hours apart',
  'no-shared-time': 'not enough common free time',
};

/** "no shared language (1,480 mentors), too many hours apart (20 mentors)": what keeps mentee i from every mentor, most common first. */
export function blockTexts(ctx: MatchContext, forbidden: ForbiddenIndex, i: number): string {
  const tally = new Map<BlockReason, number>();
  const facts = new PairFacts();
  ctx.mentors.forEach((mentor, j) => {
    evaluatePair(mentor, ctx.mentees[i], ctx.programmeRules, facts);
    if (forbidden[i]?.has(j)) facts.blocked |= BLOCK_BITS.forbidden;
    for (const reason of Object.keys(BLOCK_BITS) as BlockReason[]) {
      if (facts.blocked & BLOCK_BITS[reason]) tally.set(reason, (tally.get(reason) ?? 0) + 1);
    }
  });
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${BLOCK_WORDS[reason]} (${n.toLocaleString('en-GB')} mentor${n === 1 ? '' : 's'})`)
    .join(', ');
}
