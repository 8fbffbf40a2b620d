import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { Transactor } from '../../src/database/transactor';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ProgramsService } from '../../src/programs/programs.service';
import { makeRelayAddress } from '../../src/programs/relay-address';
import type { FloodLimits } from '../../src/inbound/flood/flood-limits';

/**
 * Flood and loop limits out of the way, for tests and benches that pour hundreds of emails from
 * one member through one pairing on purpose (the defaults stop a flood at 30).
 */
export const BULK_LIMITS: Partial<FloodLimits> = {
  senderLimit: 1_000_000,
  pairingLimit: 1_000_000,
  loopLimit: 1_000_000,
};

export interface PairingWorld {
  programme: Programme;
  mentor: Participant;
  mentee: Participant;
  pairing: Pairing;
}

/** A programme with one mentor and one mentee, with unique names and addresses. */
export async function createPairingWorld(
  app: INestApplicationContext,
  opts: {
    programme?: Programme;
    mentorTz?: string;
    menteeTz?: string;
    limits?: Partial<FloodLimits>;
    /** True: the scheduler's tick welcomes both members, as it does a new pairing. */
    welcome?: boolean;
  } = {},
): Promise<PairingWorld> {
  const programs = app.get(ProgramsService);
  const tag = randomBytes(3).toString('hex');
  const programme = opts.programme ?? (await programs.createProgramme(`Bright Futures ${tag}`, opts.limits));
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
  if (opts.welcome)
    return { programme, mentor, mentee, pairing: await programs.createPairing(programme, mentor, [mentee]) };
  // A pairing already under way, as the welcome migration marks those it finds: in the same
  // transaction, or a tick in between would welcome it and tests counting emails would see two more.
  const pairing = await app.get(Transactor).run(async (tx) => {
    const created = await app.get(ProgramsRepository).insertPairing(
      {
        programmeId: programme.id,
        relayAddress: makeRelayAddress(programme.slug, app.get(AppConfig).env.RELAY_DOMAIN),
      },
      [mentor, mentee].map((p) => ({ participantId: p.id, role: p.role })),
      tx,
    );
    await tx.query(
      'INSERT INTO welcomes (pairing_id, participant_id) SELECT pairing_id, participant_id FROM pairing_members WHERE pairing_id = $1',
      [created.id],
    );
    return created;
  });
  return { programme, mentor, mentee, pairing };
}
