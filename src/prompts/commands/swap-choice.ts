import type { ParticipantRole } from '../../rendering/template-props';
import { findPrompt } from '../library/prompt-library';
import type { CurriculumStep } from '../library/prompt-types';

/**
 * The prompt #swap gives one member instead of `currentKey` this week, or null when the week
 * offers none. Only prompts that stand alone for this member's role: a swap reaches one side
 * only, so "answer their questions" would ask about questions nobody was asked to write. The
 * first in the week's list this member has not had yet (`had`: their earlier swaps), so a member
 * who swaps often meets each alternative once before any comes back.
 */
export function swapAlternative(
  step: CurriculumStep,
  role: ParticipantRole,
  currentKey: string | null,
  had: readonly string[] = [],
): string | null {
  const candidates = step.swapKeys.filter((key) => {
    const prompt = findPrompt(key);
    return key !== currentKey && prompt?.kind === 'prompt' && prompt.reacts !== role;
  });
  return candidates.find((key) => !had.includes(key)) ?? candidates[0] ?? null;
}
