import type { PairingKind } from '../programs/entities/pairing.entity';
import { CIRCLE_CURRICULUM } from './library/circle-curriculum';
import { DEFAULT_CURRICULUM } from './library/default-curriculum';
import type { Curriculum } from './library/prompt-types';

/**
 * Curricula by key. Programmes created before the library existed carry the column default
 * 'default-12-weeks'; it names the same curriculum, so both keys resolve to it.
 */
const CURRICULA: ReadonlyMap<string, Curriculum> = new Map([
  [DEFAULT_CURRICULUM.key, DEFAULT_CURRICULUM],
  ['default-12-weeks', DEFAULT_CURRICULUM],
]);

/** The programme's curriculum; an unknown key falls back to the default rather than stop sending. */
export function curriculumFor(key: string): Curriculum {
  return CURRICULA.get(key) ?? DEFAULT_CURRICULUM;
}

/**
 * What a pairing follows: a pair the programme's curriculum, a circle the circle curriculum (the
 * programme's choice is written for two people, so it never applies to a group).
 */
export function curriculumOf(kind: PairingKind | string | null | undefined, programmeKey: string): Curriculum {
  return kind === 'circle' ? CIRCLE_CURRICULUM : curriculumFor(programmeKey);
}

/** The curricula a programme can choose for its pairs, each once (aliases left out). */
export function listCurricula(): Curriculum[] {
  return [...new Set(CURRICULA.values())];
}

export function isCurriculumKey(key: string): boolean {
  return listCurricula().some((c) => c.key === key);
}
