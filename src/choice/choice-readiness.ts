import { capacityOf, placesTaken, readiness, type ReadinessFacts } from '../matching/readiness';

/** The facts readiness is judged on (src/matching/readiness.ts, the one place the rule lives). */
export type ChoiceFacts = ReadinessFacts;

/**
 * Which side a person may be on in a choosing programme now, or null when they may not be
 * suggested or asked. Mentees choose among mentors, so a person who said `either` is offered as a
 * mentor; a full mentor keeps their side (freePlaces says they have no place).
 */
export function choiceSide(f: ChoiceFacts): 'mentor' | 'mentee' | null {
  const judged = readiness(f);
  if (!judged.ready) return judged.reason === 'mentor-full' ? 'mentor' : null;
  return judged.sides.includes('mentor') ? 'mentor' : 'mentee';
}

/** Places a mentor has left: capacity less the mentees they have now and the circles they lead. */
export function freePlaces(f: Pick<ChoiceFacts, 'capacity' | 'menteesNow' | 'circlesLed'>): number {
  return Math.max(0, capacityOf(f) - placesTaken(f));
}
