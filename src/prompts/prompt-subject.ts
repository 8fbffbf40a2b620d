import type { PromptDefinition } from './library/prompt-types';

/** The subject line a prompt goes out with; kept in step with templates/prompts/*.mjml titles. */
export function promptSubject(prompt: Pick<PromptDefinition, 'kind' | 'title'>, week: number): string {
  return prompt.kind === 'poll' ? `Quick poll: ${prompt.title}` : `Week ${week}: ${prompt.title}`;
}
