import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { Thread } from '../conversations/entities/thread.entity';
import { baseSubject, normalizeSubject } from '../conversations/subject';
import { Suppression } from '../outbound/entities/suppression.entity';
import { PairingPrompt } from './entities/pairing-prompt.entity';
import { PollVote } from './entities/poll-vote.entity';

export interface PollTally {
  pairingPromptId: string;
  title: string;
  options: string[];
  votes: number[];
  /** Who chose what, with their comment: for programme staff only (the admin), never mailed. */
  ballots: PollBallot[];
}

export interface PollBallot {
  participantId: string;
  name: string;
  optionIndex: number;
  comment: string | null;
  votedAt: Date;
}

@Injectable()
export class PairingPromptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /**
   * Serialises the creation of one pairing's step across workers (mentor and mentee rows may be
   * claimed by different ticks at once). Released at commit. Callers take these in a fixed
   * order (pairing, week, item), so two workers cannot deadlock on them.
   */
  async lockStep(tx: EntityManager, pairingId: string, week: number, item: number): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `pairing-prompt:${pairingId}:${week}.${item}`,
    ]);
  }

  /** The step's prompt for the pair, or (`swappedFor`) the one member's swap for it. */
  findStep(
    pairingId: string,
    week: number,
    item: number,
    tx?: EntityManager,
    swappedFor: string | null = null,
  ): Promise<PairingPrompt | null> {
    return this.m(tx).findOneBy(PairingPrompt, {
      pairingId,
      week,
      item,
      swappedFor: swappedFor ?? IsNull(),
    });
  }

  /** The prompts this member swapped to in this pairing, oldest first. */
  async swapKeysOf(pairingId: string, participantId: string, tx?: EntityManager): Promise<string[]> {
    const rows: { prompt_key: string }[] = await this.m(tx).query(
      `SELECT prompt_key FROM pairing_prompts WHERE pairing_id = $1 AND swapped_for = $2 ORDER BY issued_at`,
      [pairingId, participantId],
    );
    return rows.map((r) => r.prompt_key);
  }

  findById(id: string, tx?: EntityManager): Promise<PairingPrompt | null> {
    return this.m(tx).findOneBy(PairingPrompt, { id });
  }

  insert(values: Partial<PairingPrompt>, tx: EntityManager): Promise<PairingPrompt> {
    return tx.save(PairingPrompt, tx.create(PairingPrompt, values));
  }

  /**
   * A prompt starts a thread of its own (never one matched by subject); later replies without
   * threading headers still find it by its subject.
   */
  insertThread(pairingId: string, subject: string, tx: EntityManager): Promise<Thread> {
    return tx.save(
      Thread,
      tx.create(Thread, {
        pairingId,
        subject: baseSubject(subject),
        normalizedSubject: normalizeSubject(subject),
      }),
    );
  }

  /** The last vote counts: its option and comment replace the earlier ones. */
  async upsertVote(vote: PollVote, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(PollVote)
      .values(vote)
      .orUpdate(['option_index', 'voted_at', 'comment'], ['pairing_prompt_id', 'participant_id'])
      .execute();
  }

  /** Poll counts and ballots for the pairing's polls issued since `since`, oldest first. */
  async pollTallies(pairingId: string, since: Date, tx?: EntityManager): Promise<PollTally[]> {
    const rows: {
      id: string;
      title: string;
      poll_options: string[];
      ballots:
        | {
            participantId: string;
            name: string;
            optionIndex: number;
            comment: string | null;
            votedAt: string;
          }[]
        | null;
    }[] = await this.m(tx).query(
      `SELECT pp.id, pp.title, pp.poll_options,
              (SELECT json_agg(json_build_object('participantId', v.participant_id, 'name', p.name,
                        'optionIndex', v.option_index, 'comment', v.comment, 'votedAt', v.voted_at)
                        ORDER BY v.voted_at)
                 FROM poll_votes v JOIN participants p ON p.id = v.participant_id
                WHERE v.pairing_prompt_id = pp.id) AS ballots
         FROM pairing_prompts pp
        WHERE pp.pairing_id = $1 AND pp.poll_options IS NOT NULL AND pp.issued_at >= $2
        ORDER BY pp.issued_at`,
      [pairingId, since],
    );
    return rows.map((r) => {
      const ballots = (r.ballots ?? []).map((b) => ({ ...b, votedAt: new Date(b.votedAt) }));
      return {
        pairingPromptId: r.id,
        title: r.title,
        options: r.poll_options,
        votes: r.poll_options.map((_, i) => ballots.filter((b) => b.optionIndex === i).length),
        ballots,
      };
    });
  }

  /** Whether the address is on the suppression list now (bounces, complaints, staff). */
  async isSuppressed(address: string, tx?: EntityManager): Promise<boolean> {
    const row = await this.m(tx).findOneBy(Suppression, { address: address.toLowerCase() });
    return !!row && row.liftedAt === null;
  }
}
