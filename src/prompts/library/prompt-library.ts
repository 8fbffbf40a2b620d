import { isLibraryPromptTemplate, libraryPromptTemplate } from '../../rendering/template-catalog';
import type { PromptDefinition } from './prompt-types';
import { CHECK_IN_PROMPTS } from './prompts-check-ins';
import { CIRCLE_PROMPTS } from './prompts-circle';
import { CLOSING_PROMPTS } from './prompts-closing';
import { CULTURE_PROMPTS } from './prompts-culture';
import { GETTING_STARTED_PROMPTS } from './prompts-getting-started';
import { GOAL_PROMPTS } from './prompts-goals';
import { GROWTH_PROMPTS } from './prompts-growth';

/** Every built-in prompt, grouped by theme in the files above. */
export const PROMPT_LIBRARY: readonly PromptDefinition[] = [
  ...GETTING_STARTED_PROMPTS,
  ...GOAL_PROMPTS,
  ...CULTURE_PROMPTS,
  ...GROWTH_PROMPTS,
  ...CHECK_IN_PROMPTS,
  ...CLOSING_PROMPTS,
  ...CIRCLE_PROMPTS,
];

function indexByKey(prompts: readonly PromptDefinition[]): ReadonlyMap<string, PromptDefinition> {
  const byKey = new Map<string, PromptDefinition>();
  for (const prompt of prompts) {
    // Keys are stored in schedules and answers; a duplicate would silently shadow a prompt.
    if (byKey.has(prompt.key)) throw new Error(`Duplicate prompt key: ${prompt.key}`);
    byKey.set(prompt.key, prompt);
  }
  return byKey;
}

const BY_KEY = indexByKey(PROMPT_LIBRARY);

export function findPrompt(key: string): PromptDefinition | undefined {
  return BY_KEY.get(key);
}

export function getPrompt(key: string): PromptDefinition {
  const prompt = BY_KEY.get(key);
  if (!prompt) throw new Error(`Unknown prompt key: ${key}`);
  return prompt;
}

/**
 * Library prompts without their templates/prompts/<key>.mjml, and prompt files no library prompt
 * sends (a typo in a file name would otherwise leave both a prompt that cannot render and a file
 * nobody can reach).
 */
export function libraryTemplateProblems(templateNames: readonly string[]): string[] {
  const names = new Set(templateNames);
  const wanted = new Set(PROMPT_LIBRARY.map((p) => libraryPromptTemplate(p.key)));
  return [
    ...[...wanted].filter((n) => !names.has(n)).map((n) => `${n}: no templates/prompts file`),
    ...templateNames
      .filter((n) => isLibraryPromptTemplate(n) && !wanted.has(n))
      .map((n) => `${n}: a template file without a library prompt`),
  ];
}
