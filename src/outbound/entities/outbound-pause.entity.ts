import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A pause of all outbound sending (SES daily quota, account paused), kept in PostgreSQL so that a
 * restart or a flushed Redis does not resume sending before the time is up.
 */
@Entity('outbound_pauses')
export class OutboundPause {
  /** The queue paused; one row per queue. */
  @PrimaryColumn('text') name!: string;
  @Column('timestamptz') until!: Date;
  @Column('text') reason!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
