import type { INestApplicationContext } from '@nestjs/common';
import { MatchApplyService } from '../../matching/match-apply.service';
import { MatchingService, type ProposalReport } from '../../matching/matching.service';

const percent = (part: number, whole: number) =>
  whole === 0 ? '' : ` (${Math.round((part / whole) * 100)}% of ours)`;

/** The proposal as staff read it: pairs with score and why, who is left out and why, the totals. */
export function proposalLines(r: ProposalReport): string[] {
  const p = r.proposal;
  const lines = [
    `Proposal for ${r.programme.name} (${r.programme.slug}): ${r.mentors} mentors and ${r.mentees} mentees ready, ${r.pairs.length} pairs`,
    `Total score ${p.totalScore}; a greedy best-pair-first pass: ${p.greedyScore}${percent(p.greedyScore, p.totalScore)}; first-come: ${p.firstComeScore}${percent(p.firstComeScore, p.totalScore)}`,
    '',
  ];
  if (r.pairs.length > 0) lines.push('Pairs (mentor <- mentee, score: why)');
  for (const pair of r.pairs)
    lines.push(`  ${pair.mentorName} <- ${pair.menteeName}, ${pair.score}: ${pair.explanation}`);
  const mentees = r.unmatched.filter((u) => u.side === 'mentee');
  const mentors = r.unmatched.filter((u) => u.side === 'mentor');
  if (mentees.length > 0) lines.push('', 'Mentees left unmatched');
  for (const u of mentees) lines.push(`  ${u.name}: ${u.detail}`);
  if (mentors.length > 0) lines.push('', 'Mentors with nobody');
  for (const u of mentors) lines.push(`  ${u.name}: ${u.detail}`);
  if (r.notReady.length > 0) {
    const tally = new Map<string, number>();
    for (const n of r.notReady) tally.set(n.reason, (tally.get(n.reason) ?? 0) + 1);
    lines.push('', `Not ready yet: ${[...tally].map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  }
  return lines;
}

/** `match --programme SLUG [--apply]`: a fresh proposal (replacing the open one), applied on request. */
export async function matchProgramme(
  app: INestApplicationContext,
  slug: string,
  apply: boolean,
): Promise<string[]> {
  const matching = app.get(MatchingService);
  const programme = await matching.programmeBySlug(slug);
  const report = await matching.propose(programme.id, 'cli');
  const lines = proposalLines(report);
  if (!apply) {
    lines.push('', `Not applied. To create these pairings: npm run cli -- match --programme ${slug} --apply`);
    lines.push(`(or review, swap and apply at /admin/programmes/${programme.id}/match)`);
    return lines;
  }
  const result = await app.get(MatchApplyService).apply(report.proposal.id);
  lines.push('', `Applied: ${result.created.length} pairings created, each with its relay address.`);
  for (const s of result.skipped) lines.push(`  skipped ${s.mentorId} <- ${s.menteeId}: ${s.reason}`);
  lines.push('Both members of each get their welcome on the next schedule tick (a running worker).');
  return lines;
}
