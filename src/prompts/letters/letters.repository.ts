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
}
