import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Participant } from '../programs/entities/participant.entity';

/** The two participant columns this feature owns: prompts_stopped_at and paused_until. */
@Injectable()
export class PreferencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async setPausedUntil(participantId: string, until: Date | null, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Participant, { id: participantId }, { pausedUntil: until });
  }

  /** Sets the stop time once; a second unsubscribe keeps the first date. */
  async stop(participantId: string, at: Date, tx?: EntityManager): Promise<boolean> {
    const result = await this.m(tx)
      .createQueryBuilder()
      .update(Participant)
      .set({ promptsStoppedAt: at })
      .where('id = :id AND prompts_stopped_at IS NULL', { id: participantId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  find(participantId: string, tx?: EntityManager): Promise<Participant | null> {
    return this.m(tx).findOneBy(Participant, { id: participantId });
  }
}
