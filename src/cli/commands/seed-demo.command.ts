import type { INestApplicationContext } from '@nestjs/common';
import { ProgramsRepository } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { curriculumFor } from '../../prompts/curricula';
import { PROMPT_LIBRARY } from '../../prompts/library/prompt-library';

export interface DemoSeed {
  programme: string;
  mentor: { name: string; email: string };
  mentee: { name: string; email: string };
  relayAddress: string;
  created: boolean;
}

export const DEMO_SLUG = 'demo-programme';

/** A programme with a mentor and a mentee; running it again reuses what exists. */
export async function seedDemo(app: INestApplicationContext): Promise<DemoSeed> {
  const programs = app.get(ProgramsService);
  const repo = app.get(ProgramsRepository);
  const existing = await repo.findProgrammeBySlug(DEMO_SLUG);
  const programme = existing ?? (await programs.createProgramme('Demo Programme', { slug: DEMO_SLUG }));
  const mentor =
    (await repo.findParticipantByEmail(programme.id, 'maria@mentor.example')) ??
    (await programs.addParticipant(programme.id, {
      name: 'Maria Mentor',
      email: 'maria@mentor.example',
      role: 'mentor',
      timeZone: 'Europe/Berlin',
    }));
  const mentee =
    (await repo.findParticipantByEmail(programme.id, 'tom@student.example')) ??
    (await programs.addParticipant(programme.id, {
      name: 'Tom Mentee',
      email: 'tom@student.example',
      role: 'mentee',
      timeZone: 'America/New_York',
    }));
  const pairings = await repo.pairingsOf(mentor.id);
  const pairing = pairings[0] ?? (await programs.createPairing(programme, mentor, [mentee]));
  return {
    programme: programme.name,
    mentor: { name: mentor.name, email: mentor.email },
    mentee: { name: mentee.name, email: mentee.email },
    relayAddress: pairing.relayAddress,
    created: !existing,
  };
}

/** What the demo suggests sending: the demo curriculum's first prompt and the library's first poll. */
export function firstPromptAndPoll(): { prompt: string; poll: string } {
  const first = curriculumFor('default-12-week').steps[0].items[0].promptKey;
  const poll = PROMPT_LIBRARY.find((p) => p.kind === 'poll')!.key;
  return { prompt: first, poll };
}
