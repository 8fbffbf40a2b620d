import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ProgramsService } from '../../src/programs/programs.service';

const DAY = 86_400_000;

/**
 * A programme of 10 people with a known funnel: 10 invited, 8 confirmed, 7 with a complete
 * profile, 6 matched in 3 pairs (A, B, C) made 90 days ago. A: both write on days 1, 22, 50 and
 * 80, then it ends at its planned end. B: both write on day 1 only; the mentee answers the close
 * survey. C: only the mentor writes. So: first exchange 4, active at weeks 4, 8 and 12: 2, closed
 * well 3 (A's two, B's mentee).
 */
export async function seedFunnel(app: INestApplicationContext): Promise<{ programme: Programme; pairs: string[] }> {
  const db = app.get(DataSource);
  const programs = app.get(ProgramsService);
  const tag = randomBytes(3).toString('hex');
  const programme = await programs.createProgramme(`Funnel Cohort ${tag}`);
  const people: Participant[] = [];
  for (let i = 0; i < 10; i++)
    people.push(
      await programs.addParticipant(programme.id, {
        name: `Person ${i}`,
        email: `person${i}.${tag}@example.org`,
        role: i % 2 === 0 ? 'mentor' : 'mentee',
      }),
    );
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  for (const [i, p] of people.entries())
    await db.query(
      `INSERT INTO participant_profiles (participant_id, programme_id, confirm_token, invited_at, confirmed_at, profile_completed_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.id, programme.id, randomUUID(), ago(100), i < 8 ? ago(99) : null, i < 7 ? ago(98) : null],
    );
  // Person 6 has a complete profile but no partner yet; 7 confirmed only; 8 and 9 invited only.
  const made = ago(90);
  const pairs: string[] = [];
  for (const [mentor, mentee] of [
    [people[0], people[1]],
    [people[2], people[3]],
    [people[4], people[5]],
  ]) {
    const pairing = await app.get(ProgramsRepository).insertPairing(
      { programmeId: programme.id, relayAddress: `funnel-${randomBytes(6).toString('hex')}@relay.localhost` },
      [mentor, mentee].map((p) => ({ participantId: p.id, role: p.role })),
    );
    await db.query(`UPDATE pairings SET created_at = $2 WHERE id = $1`, [pairing.id, made]);
    pairs.push(pairing.id);
  }
  const thread = async (pairingId: string) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject) VALUES ($1, $2, 'Hi', 'hi')`,
      [id, pairingId],
    );
    return id;
  };
  const write = async (pairingId: string, threadId: string, author: Participant, day: number) =>
    db.query(
      `INSERT INTO messages (thread_id, pairing_id, kind, author_id, new_text, message_id, created_at)
       VALUES ($1, $2, 'relay', $3, 'hello', $4, $5)`,
      [threadId, pairingId, author.id, `${randomUUID()}@example.org`, new Date(made.getTime() + day * DAY)],
    );
  const [a, b, c] = pairs;
  const ta = await thread(a);
  for (const day of [1, 22, 50, 80]) for (const p of [people[0], people[1]]) await write(a, ta, p, day);
  await db.query(`UPDATE pairings SET status = 'ended', end_reason = 'planned-end', ended_at = now() WHERE id = $1`, [a]);
  const tb = await thread(b);
  for (const p of [people[2], people[3]]) await write(b, tb, p, 1);
  const tc = await thread(c);
  await write(c, tc, people[4], 1);
  await write(c, tc, people[4], 30);
  // B's mentee answers the close survey; B's mentor a different poll (not the survey).
  const survey = randomUUID();
  const message = randomUUID();
  await db.query(
    `INSERT INTO messages (id, thread_id, pairing_id, kind, new_text, message_id) VALUES ($1, $2, $3, 'prompt', 'q', $4)`,
    [message, tb, b, `${randomUUID()}@relay.localhost`],
  );
  await db.query(
    `INSERT INTO pairing_prompts (id, pairing_id, week, item, prompt_key, title, thread_id, message_row_id, poll_options, issued_at)
     VALUES ($1, $2, 12, 2, 'close-survey', 'One last question', $3, $4, '["1","2","3","4","5"]', now())`,
    [survey, b, tb, message],
  );
  await db.query(
    `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at, comment) VALUES ($1, $2, 3, now(), 'good')`,
    [survey, people[3].id],
  );
  return { programme, pairs };
}
