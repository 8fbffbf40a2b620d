import type { INestApplicationContext } from '@nestjs/common';
import { CircleProposalsService } from '../../matching/circle-proposals.service';
import type { CircleProposalDetail } from '../../matching/circle-proposals.repository';
import { MatchingError } from '../../matching/matching.errors';
import { MatchingService } from '../../matching/matching.service';

/** The circle proposal as staff read it: each circle's topic, leads, members and why; who is left for pairs. */
export function circleLines(d: CircleProposalDetail): string[] {
  const lines = [`${d.circles.length} circles proposed by shared topic`];
  for (const c of d.circles) {
    const who = (role: 'mentor' | 'mentee') =>
      c.people
        .filter((p) => p.role === role)
        .map((p) => p.name)
        .join(', ');
    lines.push(`  ${c.topic}: led by ${who('mentor')}; members ${who('mentee')}`, `    ${c.explanation}`);
  }
  if (d.leftOut.length > 0) lines.push('', 'Left for one-to-one matching');
  for (const l of d.leftOut) lines.push(`  ${l.name}: ${l.detail}`);
  return lines;
}

/** `match --programme SLUG --circles [--apply]`: a fresh circle proposal, every circle created on request. */
export async function matchCircles(
  app: INestApplicationContext,
  slug: string,
  apply: boolean,
): Promise<string[]> {
  const programme = await app.get(MatchingService).programmeBySlug(slug);
  const circles = app.get(CircleProposalsService);
  const detail = await circles.propose(programme.id, 'cli');
  const lines = circleLines(detail);
  if (!apply) {
    lines.push(
      '',
      `Not created. To create them all: npm run cli -- match --programme ${slug} --circles --apply`,
    );
    lines.push(`(or accept or discard each at /admin/programmes/${programme.id}/match)`);
    return lines;
  }
  lines.push('');
  for (const c of detail.circles) {
    try {
      const r = await circles.accept(c.id, undefined, 'cli');
      lines.push(`Created ${r.pairing.name}: ${r.pairing.relayAddress}`);
    } catch (error) {
      if (!(error instanceof MatchingError)) throw error;
      lines.push(`Not created (${c.topic}): ${error.message}`);
    }
  }
  lines.push(
    'Everyone gets their welcome on the next schedule tick (a running worker); run the match for pairs next.',
  );
  return lines;
}
