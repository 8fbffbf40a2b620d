import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { VideoCheckin } from '../entities/video-checkin.entity';

export interface NewProposal {
  pairingPromptId: string;
  pairingId: string;
  proposedBy: string;
  slots: Date[];
  note: string;
  videoLink: string | null;
}

@Injectable()
export class CheckinRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  findById(id: string, tx?: EntityManager): Promise<VideoCheckin | null> {
    return this.m(tx).findOneBy(VideoCheckin, { id });
  }

  /** The check-in of an issued prompt, locked for the rest of the caller's transaction. */
  findByPromptForUpdate(tx: EntityManager, pairingPromptId: string): Promise<VideoCheckin | null> {
    return tx
      .createQueryBuilder(VideoCheckin, 'c')
      .where('c.pairing_prompt_id = :pairingPromptId', { pairingPromptId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** A first proposal, or a new one replacing the times (the next round; any pick cleared). */
  async propose(tx: EntityManager, p: NewProposal): Promise<VideoCheckin> {
    const rows: Record<string, unknown>[] = await tx.query(
      `INSERT INTO video_checkins (pairing_prompt_id, pairing_id, proposed_by, slots, note, video_link)
       VALUES ($1, $2, $3, $4::timestamptz[], $5, $6)
       ON CONFLICT (pairing_prompt_id) DO UPDATE
          SET proposed_by = EXCLUDED.proposed_by, slots = EXCLUDED.slots, note = EXCLUDED.note,
              video_link = EXCLUDED.video_link, round = video_checkins.round + 1,
              picked_index = NULL, picked_by = NULL, picked_at = NULL, updated_at = now()
       RETURNING id`,
      [
        p.pairingPromptId,
        p.pairingId,
        p.proposedBy,
        p.slots.map((s) => s.toISOString()),
        p.note,
        p.videoLink,
      ],
    );
    return (await this.findById(rows[0].id as string, tx))!;
  }

  /** Records a pick; `picks` goes up by one, so the invitation's version does too. */
  async pick(tx: EntityManager, id: string, index: number, by: string, at: Date): Promise<VideoCheckin> {
    await tx.query(
      `UPDATE video_checkins SET picked_index = $2, picked_by = $3, picked_at = $4, picks = picks + 1,
              updated_at = now()
        WHERE id = $1`,
      [id, index, by, at],
    );
    return (await this.findById(id, tx))!;
  }
}
