import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';

export interface PairingWorld {
  programme: Programme;
  mentor: Participant;
  mentee: Participant;
  pairing: Pairing;
}

/** A programme with one mentor and one mentee, with unique names and addresses. */
export async function createPairingWorld(
  app: INestApplicationContext,
  opts: { programme?: Programme; mentorTz?: string; menteeTz?: string } = {},
): Promise<PairingWorld> {
  const programs = app.get(ProgramsService);
  const tag = randomBytes(3).toString('hex');
  const programme = opts.programme ?? (await programs.createProgramme(`Bright Futures ${tag}`));
  const mentor = await programs.addParticipant(programme.id, {
    name: 'Maria Mentor',
    email: `maria.${tag}@mentor-mail.example`,
    role: 'mentor',
    timeZone: opts.mentorTz ?? 'Europe/Berlin',
  });
  const mentee = await programs.addParticipant(programme.id, {
    name: 'Tom Mentee',
    email: `tom.${tag}@student-mail.example`,
    role: 'mentee',
    timeZone: opts.menteeTz ?? 'America/New_York',
  });
  const pairing = await programs.createPairing(programme, mentor, [mentee]);
  return { programme, mentor, mentee, pairing };
}
