import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PromptAnswer } from '../entities/prompt-answer.entity';

/** A member's answer to an issued prompt, by role, as a later prompt reads it. */
export interface RoleAnswer {
  participantId: string;
  role: string;
  text: string;
  answeredAt: Date;
}

@Injectable()
export class PromptAnswersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** The last reply counts: a second answer replaces the first. */
  async upsert(answer: PromptAnswer, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(PromptAnswer)
      .values(answer)
      .orUpdate(['text', 'answered_at'], ['pairing_prompt_id', 'participant_id'])
      .execute();
  }

  /** The answers kept for one issued prompt, with each author's role in the pairing, oldest first. */
  async forPrompt(pairingPromptId: string, tx?: EntityManager): Promise<RoleAnswer[]> {
    const rows: { participant_id: string; role: string; text: string; answered_at: Date }[] = await this.m(
      tx,
    ).query(
      `SELECT a.participant_id, pm.role, a.text, a.answered_at
         FROM prompt_answers a
         JOIN pairing_prompts pp ON pp.id = a.pairing_prompt_id
         JOIN pairing_members pm ON pm.pairing_id = pp.pairing_id AND pm.participant_id = a.participant_id
        WHERE a.pairing_prompt_id = $1
        ORDER BY a.answered_at`,
      [pairingPromptId],
    );
    return rows.map((r) => ({
      participantId: r.participant_id,
      role: r.role,
      text: r.text,
      answeredAt: r.answered_at,
    }));
  }
}
