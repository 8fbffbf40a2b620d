import { AppConfig } from '../../src/config/app-config';
import { startCliContext } from '../../src/cli/cli-context';
import { ProgramsService } from '../../src/programs/programs.service';
import type { SoakPairing } from './sender';

/**
 * The pairings, written by the services `npm run cli -- seed-demo` uses (a CLI context on the
 * soak's database: no doors, no workers), each with a mentor and a mentee of its own. The flood
 * limits stay at the programme defaults unless the plan sends a pairing more than they allow.
 */
export async function seedPairings(env: Record<string, string>, count: number, perPairing: number) {
  const config = AppConfig.fromEnvironment(env);
  const app = await startCliContext(config);
  try {
    const programs = app.get(ProgramsService);
    const limits =
      perPairing + 1 > 20
        ? { senderLimit: perPairing * 2, pairingLimit: perPairing * 2, loopLimit: perPairing * 2 }
        : {};
    const programme = await programs.createProgramme('Soak Programme', { slug: 'soak', ...limits });
    const pairings: SoakPairing[] = [];
    for (let i = 0; i < count; i++) {
      const mentor = await programs.addParticipant(programme.id, {
        name: `Mentor ${i}`,
        email: `mentor${i}@mentors.example`,
        role: 'mentor',
      });
      const mentee = await programs.addParticipant(programme.id, {
        name: `Mentee ${i}`,
        email: `mentee${i}@mentees.example`,
        role: 'mentee',
      });
      const pairing = await programs.createPairing(programme, mentor, [mentee]);
      pairings.push({ relayAddress: pairing.relayAddress, mentor: mentor.email, mentee: mentee.email });
    }
    return pairings;
  } finally {
    await app.close();
  }
}
