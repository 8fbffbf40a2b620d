import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Participant, type OptOutVia } from '../programs/entities/participant.entity';

/** The participant columns this feature owns: prompts_stopped_at (and _via), paused_until, send_weekday. */
@Injectable()
export class PreferencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async setPausedUntil(participantId: string, until: Date | null, tx?: EntityManager): Promise<void> {
    await this.m(tx).update(Participant, { id: participantId }, { pausedUntil: until });
  }

  /** The participant's own prompt weekday (1 = Monday); null goes back to the programme's. */
  async setSendWeekday(participantId: string, weekday: number | null, tx: EntityManager): Promise<void> {
    await tx.update(Participant, { id: participantId }, { sendWeekday: weekday });
  }

  /** Sets the stop time and how, once; a second unsubscribe keeps the first. */
  async stop(participantId: string, at: Date, via: OptOutVia, tx?: EntityManager): Promise<boolean> {
    const result = await this.m(tx)
      .createQueryBuilder()
      .update(Participant)
      .set({ promptsStoppedAt: at, promptsStoppedVia: via })
      .where('id = :id AND prompts_stopped_at IS NULL', { id: participantId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Lifts a stop; false when there was none. */
  async clearStop(participantId: string, tx: EntityManager): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(Participant)
      .set({ promptsStoppedAt: null, promptsStoppedVia: null })
      .where('id = :id AND prompts_stopped_at IS NOT NULL', { id: participantId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  find(participantId: string, tx?: EntityManager): Promise<Participant | null> {
    return this.m(tx).findOneBy(Participant, { id: participantId });
  }
}
