import type { Curriculum, PromptDefinition } from './prompt-types';

/**
 * Everything that would make a curriculum misfire at send time, found up front: the default
 * one is checked in a test, and an admin's edited curriculum can be checked before saving.
 */
export function curriculumProblems(curriculum: Curriculum, library: readonly PromptDefinition[]): string[] {
  const byKey = new Map(library.map((p) => [p.key, p]));
  const problems: string[] = [];
  const weeks = curriculum.steps.map((s) => s.week);
  weeks.forEach((week, i) => {
    if (week !== i + 1) problems.push(`step ${i} is week ${week}, expected ${i + 1}`);
  });
  if (curriculum.steps.length !== curriculum.weeks) {
    problems.push(`${curriculum.steps.length} steps for ${curriculum.weeks} weeks`);
  }
  const lettersWritten = new Set<string>();
  for (const step of curriculum.steps) {
    if (step.items.length === 0) problems.push(`week ${step.week} sends nothing`);
    for (const item of step.items) {
      const prompt = byKey.get(item.promptKey);
      if (!prompt) problems.push(`week ${step.week}: unknown prompt ${item.promptKey}`);
      if (item.dayOffset < 0 || item.dayOffset > 6) {
        problems.push(`week ${step.week}: day ${item.dayOffset} of ${item.promptKey} is outside the week`);
      }
      if (prompt?.kind === 'letter') lettersWritten.add(prompt.key);
    }
    for (const key of step.swapKeys) {
      if (!byKey.has(key)) problems.push(`week ${step.week}: unknown swap prompt ${key}`);
    }
    for (const key of step.returnLetterKeys ?? []) {
      if (byKey.get(key)?.kind !== 'letter')
        problems.push(`week ${step.week}: ${key} is not a letter prompt`);
      else if (!lettersWritten.has(key))
        problems.push(`week ${step.week}: letter ${key} is returned before it is written`);
    }
  }
  return problems;
}
