import type { Participant } from './entities/participant.entity';

/** Longest preferred name or "about" line kept: a greeting and one line, not a biography. */
export const PREFERRED_NAME_MAX = 60;
export const ABOUT_MAX = 280;

/**
 * The name a greeting uses: the preferred first name when staff recorded one, else the first
 * word of the full name ("Maria" for "Maria Mentor"), else the whole name.
 */
export function greetingName(p: Pick<Participant, 'name'> & { preferredName?: string | null }): string {
  const preferred = p.preferredName?.trim();
  if (preferred) return preferred;
  const name = p.name.trim();
  return name.split(/\s/, 1)[0] || name;
}

/** Trimmed, inner whitespace collapsed, empty as null: what the columns store. */
export function cleanIntroduction(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').replace(/\s+/g, ' ').trim();
  return cleaned || null;
}

/** Names in a sentence: "Sam", "Sam and Ana", "Sam, Ana and you". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
