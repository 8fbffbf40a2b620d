import type { ParticipantRole } from '../programs/entities/participant.entity';

export interface SideCandidate {
  id: string;
  /** From `readiness`: one side, or both for an unpaired `either`. */
  sides: readonly ParticipantRole[];
  /** Places they would offer as a mentor. */
  freePlaces: number;
}

/**
 * Puts each `either` person where they are most needed. The gap is mentees waiting minus mentor
 * places offered by those whose side is fixed; each `either` person, in the order given (oldest
 * confirmation first), becomes a mentor while mentees outnumber places, else a mentee. So a
 * programme short of mentors gets them from its volunteers, and one with places to spare lets
 * them be mentored. A mentor closes the gap by their places, a mentee opens it by one: the result
 * ends within one person of balance whenever the `either` people can reach it.
 */
export function chooseSides(people: readonly SideCandidate[]): Map<string, ParticipantRole> {
  const sides = new Map<string, ParticipantRole>();
  let gap = 0;
  for (const p of people) {
    if (p.sides.length !== 1) continue;
    sides.set(p.id, p.sides[0]);
    gap += p.sides[0] === 'mentee' ? 1 : -p.freePlaces;
  }
  for (const p of people) {
    if (p.sides.length === 1) continue;
    const side: ParticipantRole = gap > 0 ? 'mentor' : 'mentee';
    sides.set(p.id, side);
    gap += side === 'mentee' ? 1 : -p.freePlaces;
  }
  return sides;
}
