import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from './programme.entity';

export type PairingStatus = 'active' | 'paused' | 'ended';
/** A mentor and their mentee(s), or a circle: a named group of 1-2 leads and up to 12 members. */
export type PairingKind = 'pair' | 'circle' | 'room';

/** Why a pairing ended: staff's end, staff's end to rematch, or its planned end date passing. */
export type PairingEndReason = 'staff' | 'rematch' | 'planned-end';

@Entity('pairings')
// The admin's programme lists.
@Index('IDX_admin_pairings_programme', ['programmeId', 'status'])
@Check('CHK_pairings_kind', `"kind" IN ('pair', 'circle', 'room')`)
@Check(
  'CHK_pairings_room_topic',
  `("kind" = 'room') = ("topic" IS NOT NULL) AND ("topic" IS NULL OR "topic" ~ '^[a-z0-9]+( [a-z0-9]+)*$' AND length("topic") <= 60)`,
)
// A topic names one room in its programme: `#join <topic>` finds it.
@Index('IDX_pairings_room_topic', ['programmeId', 'topic'], { unique: true, where: '"topic" IS NOT NULL' })
@Check(
  'CHK_pairings_circle_name',
  `"kind" = 'pair' OR ("name" IS NOT NULL AND length(btrim("name")) BETWEEN 1 AND 80)`,
)
@Check('CHK_pairings_end_reason', `end_reason IN ('staff', 'rematch', 'planned-end')`)
export class Pairing {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_pairings_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('text', { default: 'active' }) status!: PairingStatus;
  @Column('text', { default: 'pair' }) kind!: PairingKind;
  /** A circle's name, shown in its From ("Ana via Career changers"); null for a pair. */
  @Column('text', { nullable: true }) name!: string | null;
  /** A topic room's key: the lower-case words of `#join <topic>`; null unless kind is 'room'. */
  @Column('text', { nullable: true }) topic!: string | null;
  /** `<prefix>-<key>@RELAY_DOMAIN`; the key is random (>= 80 bits), never derived from a person. */
  @Column('text', { name: 'relay_address', unique: true }) relayAddress!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  /** This pair's own planned end (a continuation); null: the programme's `ends_on`. */
  @Column('date', { name: 'ends_on', nullable: true }) endsOn!: string | null;
  @Column('text', { name: 'end_reason', nullable: true }) endReason!: PairingEndReason | null;
}
