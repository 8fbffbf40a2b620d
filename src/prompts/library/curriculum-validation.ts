import type { Curriculum, CurriculumItem, CurriculumStep, PromptDefinition } from './prompt-types';

/**
 * Words in a mentee's card that point at something the mentor sends ("your mentor’s timeline",
 * "what they shared"). Such a card must declare `reacts: 'mentee'`, so the curriculum check
 * below can insist the step is mentor-first. Plain alternations: linear on any input.
 */
const REFERS_TO_MENTOR =
  /your mentor(?:’|')s|mentor (?:suggest|share|offer|sent)|(?:they|their) (?:suggest|share|sent|offer|timeline|question|list|answer)/i;

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
      if (prompt) problems.push(...sequencingProblems(step, item, prompt));
    }
    for (const key of step.swapKeys) {
      if (!byKey.has(key)) problems.push(`week ${step.week}: unknown swap prompt ${key}`);
      else if (byKey.get(key)!.reacts === 'mentee')
        problems.push(`week ${step.week}: swap ${key} would ask the mentee about an answer nobody was asked for`);
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

/**
 * The order promise: nobody is asked to react to something that does not exist yet. A mentee
 * card that reacts to the mentor (declared, or by its words) needs a mentor-first step with an
 * honest card for when the mentor has not answered, and a wait that ends before the next item.
 */
function sequencingProblems(step: CurriculumStep, item: CurriculumItem, prompt: PromptDefinition): string[] {
  const at = `week ${step.week}: ${prompt.key}`;
  const problems: string[] = [];
  const mentee = `${prompt.card.mentee.ask} ${prompt.card.mentee.replyHint}`;
  // The video check-in's mentee part is sequenced by its own proposal flow (times by reply).
  if (prompt.kind !== 'video-checkin' && prompt.reacts !== 'mentee' && REFERS_TO_MENTOR.test(mentee))
    problems.push(`${at}: the mentee card refers to the mentor's answer but does not declare reacts: 'mentee'`);
  if (prompt.reacts === 'mentee' && !item.mentorFirst)
    problems.push(`${at}: the mentee reacts to the mentor's answer, so the step must be mentor-first`);
  if (!item.mentorFirst) return problems;
  if (prompt.reacts !== 'mentee') problems.push(`${at}: mentor-first, but the mentee's part reacts to nothing`);
  if (!prompt.withoutPartner) problems.push(`${at}: mentor-first needs a withoutPartner card`);
  const { waitDays } = item.mentorFirst;
  const later = step.items.filter((i) => i.dayOffset > item.dayOffset).map((i) => i.dayOffset);
  const nextDay = later.length ? Math.min(...later) : 7;
  if (!Number.isInteger(waitDays) || waitDays < 1 || item.dayOffset + waitDays >= nextDay)
    problems.push(`${at}: a wait of ${waitDays} days must be at least 1 and end before day ${nextDay}`);
  return problems;
}
