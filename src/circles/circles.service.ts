import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import type { MutedBy } from '../programs/entities/pairing-member.entity';
import type { Participant } from '../programs/entities/participant.entity';
import { nameOthersSee } from '../programs/participant-names';
import { ProgramsService } from '../programs/programs.service';
import type { PairingWithMembers } from '../programs/programs.repository';
import { circleNotice, leadsOf, memberNamed } from './circle-notices';

/** What became of a circle command, as the inbound email's detail. */
export interface CircleCommandResult {
  detail: string;
  deliveries: Delivery[];
}

/**
 * Leaving and muting in a circle. Membership rows belong to programs (ProgramsService); this
 * decides who may do what and who is told, inside the caller's transaction.
 */
@Injectable()
export class CirclesService {
  constructor(
    private readonly programs: ProgramsService,
    private readonly outbox: OutboxService,
    private readonly transactor: Transactor,
  ) {}

  /** #leave: the member gets a confirmation, the leads a notice; a lead may leave too. */
  async leave(
    tx: EntityManager,
    found: PairingWithMembers,
    member: Participant,
    key: string,
  ): Promise<CircleCommandResult> {
    if (!(await this.programs.leaveCircle(found.pairing.id, member.id, tx)))
      return { detail: 'leave: already left', deliveries: [] };
    const leads = leadsOf(found).filter((l) => l.id !== member.id);
    const rows = [
      circleNotice(
        found,
        member,
        { change: 'you-left', leadsText: leads.map(nameOthersSee).join(' and ') },
        key,
      ),
      ...leads.map((lead) =>
        circleNotice(found, lead, { change: 'member-left', memberName: nameOthersSee(member) }, key),
      ),
    ];
    return { detail: 'leave', deliveries: await this.outbox.queueMany(tx, rows) };
  }

  /**
   * `#mute <name>` / `#unmute <name>` by a lead: the named member's mail is held for staff (or
   * relayed again). Every lead hears of a mute; a name that matches nobody is answered.
   */
  async muteByName(
    tx: EntityManager,
    found: PairingWithMembers,
    author: Participant,
    name: string,
    muted: boolean,
    key: string,
  ): Promise<CircleCommandResult> {
    if (author.role !== 'mentor') return { detail: 'mute: not a lead', deliveries: [] };
    const target = memberNamed(found, name, author.id);
    if (!target) {
      const rows = [circleNotice(found, author, { change: 'mute-no-match', memberName: name }, key)];
      return { detail: 'mute: no such member', deliveries: await this.outbox.queueMany(tx, rows) };
    }
    return this.setMuted(tx, found, target, muted, key, 'lead');
  }

  /** Staff's mute from the circle page; the leads are told as for a lead's #mute. */
  async muteByStaff(found: PairingWithMembers, participantId: string, muted: boolean): Promise<Delivery[]> {
    const target = found.members.find((m) => m.id === participantId && m.role === 'mentee');
    if (!target) return [];
    return this.transactor.run(
      async (tx) =>
        (await this.setMuted(tx, found, target, muted, `staff:${Date.now()}`, 'staff')).deliveries,
    );
  }

  private async setMuted(
    tx: EntityManager,
    found: PairingWithMembers,
    target: Participant,
    muted: boolean,
    key: string,
    by: MutedBy,
  ): Promise<CircleCommandResult> {
    // A lead's mute (muted_by 'lead') is listed on staff's needs-attention page until they look.
    const changed = await this.programs.muteCircleMember(found.pairing.id, target.id, muted, by, tx);
    const verb = muted ? 'mute' : 'unmute';
    if (!changed) return { detail: `${verb}: no change`, deliveries: [] };
    if (!muted) return { detail: verb, deliveries: [] };
    const rows = leadsOf(found).map((lead) =>
      circleNotice(found, lead, { change: 'member-muted', memberName: nameOthersSee(target) }, key),
    );
    return { detail: verb, deliveries: await this.outbox.queueMany(tx, rows) };
  }
}
