import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Letter } from '../entities/letter.entity';

/** A kept letter with the curriculum week its prompt was issued in, for the returned copy. */
export interface LetterToReturn {
  id: string;
  participantId: string;
  text: string;
  writtenAt: Date;
  week: number;
}

/** A letter held by its author's pause, with where it goes now. */
export interface LetterHeld {
  id: string;
  participantId: string;
  pairingId: string;
  email: string;
}

/** The outbox keys of a letter: `letter:<id>` returns it (once); `letter-held:<id>` records a pause. */
export const LETTER_KEY_PREFIX = 'letter:';
export const LETTER_HELD_KEY_PREFIX = 'letter-held:';

type LetterRow = { id: string; participant_id: string; text: string; written_at: Date; week: number };

const toLetter = (r: LetterRow): LetterToReturn => ({
  id: r.id,
  participantId: r.participant_id,
  text: r.text,
  writtenAt: r.written_at,
  week: Number(r.week),
});

@Injectable()
export class LettersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Keeps the letter; a later reply to the same prompt replaces the text (the last counts). */
  async upsert(
    letter: Pick<Letter, 'participantId' | 'pairingId' | 'pairingPromptId' | 'text' | 'writtenAt'>,
    tx: EntityManager,
  ): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(Letter)
      .values(letter)
      .orUpdate(['text', 'written_at'], ['pairing_prompt_id', 'participant_id'])
      .execute();
  }

  /** This author's letters in this pairing written in reply to any of the given prompts. */
  async findForReturn(
    participantId: string,
    pairingId: string,
    promptKeys: readonly string[],
    tx?: EntityManager,
  ): Promise<LetterToReturn[]> {
    if (promptKeys.length === 0) return [];
    const rows: LetterRow[] = await this.m(tx).query(
      `SELECT l.id, l.participant_id, l.text, l.written_at, pp.week
         FROM letters l
         JOIN pairing_prompts pp ON pp.id = l.pairing_prompt_id
        WHERE l.participant_id = $1 AND l.pairing_id = $2 AND pp.prompt_key = ANY($3)
        ORDER BY l.written_at`,
      [participantId, pairingId, [...promptKeys]],
    );
    return rows.map(toLetter);
  }

  async findById(id: string, tx?: EntityManager): Promise<LetterToReturn | null> {
    const rows: LetterRow[] = await this.m(tx).query(
      `SELECT l.id, l.participant_id, l.text, l.written_at, pp.week
         FROM letters l JOIN pairing_prompts pp ON pp.id = l.pairing_prompt_id
        WHERE l.id = $1`,
      [id],
    );
    return rows[0] ? toLetter(rows[0]) : null;
  }

  /**
   * Letters recorded as held whose author is no longer paused, not erased, and which have not
   * been returned yet. Read from the letters side: the table is small, each key an index lookup.
   */
  async findHeldReleasable(now: Date, limit: number, tx?: EntityManager): Promise<LetterHeld[]> {
    const rows: { id: string; participant_id: string; pairing_id: string; email: string }[] = await this.m(
      tx,
    ).query(
      `SELECT l.id, l.participant_id, l.pairing_id, p.email
           FROM letters l
           JOIN participants p ON p.id = l.participant_id
          WHERE (p.paused_until IS NULL OR p.paused_until <= $1)
            AND p.removed_at IS NULL
            AND EXISTS (SELECT 1 FROM deliveries h WHERE h.dedupe_key = $2::text || l.id::text)
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.dedupe_key = $3::text || l.id::text)
          ORDER BY l.written_at
          LIMIT $4`,
      [now, LETTER_HELD_KEY_PREFIX, LETTER_KEY_PREFIX, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      pairingId: r.pairing_id,
      email: r.email,
    }));
  }
}
