import type { ParticipantRole } from '../../rendering/template-props';
import { findPrompt } from '../library/prompt-library';
import type { Curriculum, CurriculumItem } from '../library/prompt-types';

/** The curriculum item an issued prompt came from, if it still is that prompt. */
export function itemOf(
  curriculum: Curriculum,
  issued: { week: number; item: number; promptKey: string },
): CurriculumItem | null {
  const item = curriculum.steps[issued.week - 1]?.items[issued.item];
  return item && item.promptKey === issued.promptKey ? item : null;
}

/**
 * Whether a reply to this prompt is kept for a later prompt to build on: the mentor's part of a
 * mentor-first step, and either side's film pick (the discussion names the film).
 */
export function keepsAnswer(item: CurriculumItem | null, role: ParticipantRole): boolean {
  if (!item) return false;
  return (!!item.mentorFirst && role === 'mentor') || findPrompt(item.promptKey)?.uses === 'film-pick';
}
