import type { MutedBy } from './entities/pairing-member.entity';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import type { Pairing } from './entities/pairing.entity';
import type { Participant, ParticipantRole } from './entities/participant.entity';
import type { Programme } from './entities/programme.entity';
import { cleanIntroduction } from './participant-names';
import {
  MemberWithdrawalRepository,
  type WithdrawnMentor,
  type WithdrawnPlaces,
} from './member-withdrawal.repository';
import { ProgramsRepository } from './programs.repository';
import { makeRelayAddress, ownAddressProblem, slugify } from './relay-address';

export interface NewParticipant {
  name: string;
  email: string;
  role: ParticipantRole;
  /** The first name they go by; greetings fall back to the first word of `name`. */
  preferredName?: string | null;
  /** One line about them, for their partner's welcome. */
  about?: string | null;
  timeZone?: string;
  locale?: string;
  aliases?: string[];
}

/** Circle sizes: enforced here (a count across rows is no column check). */
export const CIRCLE_MAX_LEADS = 2;
export const CIRCLE_MAX_MEMBERS = 12;

/** A circle that breaks the rules of its shape; the message says which. */
export class CircleShapeError extends Error {}

/** A participant's address that is one of ours: refused, it would loop mail back into the relay. */
export class ParticipantAddressError extends Error {}

@Injectable()
export class ProgramsService {
  constructor(
    private readonly repo: ProgramsRepository,
    private readonly withdrawal: MemberWithdrawalRepository,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
  ) {}

  createProgramme(name: string, extra: Partial<Programme> = {}): Promise<Programme> {
    return this.repo.insertProgramme({ name, slug: extra.slug ?? slugify(name), ...extra });
  }

  /** Why `address` cannot be a participant's (it is one of ours), or null. */
  participantAddressProblem(address: string): string | null {
    return ownAddressProblem(address, this.config.env.RELAY_DOMAIN, [this.config.noticesAddress]);
  }

  /** Throws ParticipantAddressError for an address of ours (see `participantAddressProblem`). */
  addParticipant(programmeId: string, p: NewParticipant, tx?: EntityManager): Promise<Participant> {
    const email = p.email.trim().toLowerCase();
    const aliases = [...new Set([email, ...(p.aliases ?? []).map((a) => a.trim().toLowerCase())])];
    const problem = aliases.map((a) => this.participantAddressProblem(a)).find(Boolean);
    if (problem) return Promise.reject(new ParticipantAddressError(problem));
    return this.repo.insertParticipant(
      {
        programmeId,
        name: p.name.trim(),
        preferredName: cleanIntroduction(p.preferredName),
        about: cleanIntroduction(p.about),
        role: p.role,
        email,
        emailAliases: aliases,
        timeZone: p.timeZone ?? 'UTC',
        locale: p.locale ?? 'en',
      },
      tx,
    );
  }

  findParticipantByAddress(programmeId: string, address: string, tx?: EntityManager) {
    return this.repo.findParticipantByAddress(programmeId, address, tx);
  }

  updateParticipantDetails(
    id: string,
    values: Partial<Pick<Participant, 'name' | 'preferredName' | 'timeZone' | 'role'>>,
    tx?: EntityManager,
  ): Promise<void> {
    return this.repo.updateParticipantDetails(id, values, tx);
  }

  /**
   * A mentor and one or more mentees, with a fresh relay address. Inside the caller's transaction
   * when given one (matching creates a proposal's pairings all or none, under its lock).
   */
  async createPairing(
    programme: Programme,
    mentor: Participant,
    mentees: Participant[],
    tx?: EntityManager,
  ): Promise<Pairing> {
    if (mentor.role !== 'mentor' || mentees.length === 0 || mentees.some((m) => m.role !== 'mentee')) {
      throw new Error('A pairing needs one mentor and at least one mentee');
    }
    const insert = (manager: EntityManager) =>
      this.repo.insertPairing(
        {
          programmeId: programme.id,
          relayAddress: makeRelayAddress(programme.slug, this.config.env.RELAY_DOMAIN),
        },
        [mentor, ...mentees].map((p) => ({ participantId: p.id, role: p.role })),
        manager,
      );
    return tx ? insert(tx) : this.transactor.run(insert);
  }

  /**
   * A circle: a named pairing of kind 'circle' with 1-2 leads (mentors) and 1-12 members
   * (mentees), all of the programme, with a relay address of its own.
   */
  async createCircle(
    programme: Programme,
    name: string,
    leads: Participant[],
    members: Participant[],
    tx?: EntityManager,
  ): Promise<Pairing> {
    const title = name.replace(/\s+/g, ' ').trim();
    const problem = (!title || title.length > 80) && 'A circle needs a name of 1 to 80 characters';
    const everyone = [...leads, ...members];
    const shape =
      problem ||
      ((leads.length < 1 || leads.length > CIRCLE_MAX_LEADS) &&
        `A circle needs 1 to ${CIRCLE_MAX_LEADS} leads`) ||
      ((members.length < 1 || members.length > CIRCLE_MAX_MEMBERS) &&
        `A circle needs 1 to ${CIRCLE_MAX_MEMBERS} members`) ||
      (leads.some((p) => p.role !== 'mentor') && 'A circle lead must be a mentor') ||
      (members.some((p) => p.role !== 'mentee') && 'A circle member must be a mentee') ||
      (new Set(everyone.map((p) => p.id)).size !== everyone.length && 'Someone is in the circle twice') ||
      (everyone.some((p) => p.programmeId !== programme.id) && 'Everyone must be in the programme');
    if (shape) throw new CircleShapeError(shape);
    const insert = (manager: EntityManager) =>
      this.repo.insertPairing(
        {
          programmeId: programme.id,
          kind: 'circle',
          name: title,
          relayAddress: makeRelayAddress(programme.slug, this.config.env.RELAY_DOMAIN),
        },
        everyone.map((p) => ({ participantId: p.id, role: p.role })),
        manager,
      );
    return tx ? insert(tx) : this.transactor.run(insert);
  }

  /**
   * A topic room: a named pairing of kind 'room' keyed by `topic` (lower-case words, unique in
   * the programme), with no members until people `#join` it. No curriculum, no leads.
   */
  async createRoom(programme: Programme, name: string, topic: string, tx?: EntityManager): Promise<Pairing> {
    const title = name.replace(/\s+/g, ' ').trim();
    const problem =
      ((!title || title.length > 80) && 'A room needs a name of 1 to 80 characters') ||
      ((!/^[a-z0-9]+( [a-z0-9]+)*$/.test(topic) || topic.length > 60) &&
        'A room needs a topic of 1 to 60 letters or digits') ||
      ((await this.repo.roomsOf(programme.id, tx)).some((r) => r.topic === topic) &&
        `The programme already has a room for "${topic}"`);
    if (problem) throw new CircleShapeError(problem);
    const insert = (manager: EntityManager) =>
      this.repo.insertPairing(
        {
          programmeId: programme.id,
          kind: 'room',
          name: title,
          topic,
          relayAddress: makeRelayAddress(programme.slug, this.config.env.RELAY_DOMAIN),
        },
        [],
        manager,
      );
    return tx ? insert(tx) : this.transactor.run(insert);
  }

  /** Joins a topic room (again, after a #leave); false when already a member. */
  joinRoom(pairingId: string, participant: Participant, tx?: EntityManager): Promise<boolean> {
    return this.repo.addRoomMember(pairingId, participant.id, participant.role, tx);
  }

  /** A circle member leaves: no more copies, their mail is refused; their past stays theirs. */
  leaveCircle(pairingId: string, participantId: string, tx?: EntityManager): Promise<boolean> {
    return this.repo.setMemberLeft(pairingId, participantId, tx);
  }

  /**
   * Takes a member out of mentoring without ending anything: their active pairs are paused (their
   * mail is held, as in a staff pause, and the pause is in each pair's history) and they leave
   * every circle and topic room (a guardian withdrew consent). Returns where
   * they stand: what was withdrawn at or after `since` (so a second call reports the same).
   */
  async withdrawMember(participantId: string, since: Date, tx: EntityManager): Promise<WithdrawnPlaces> {
    await this.withdrawal.withdraw(participantId, since, 'A guardian withdrew consent', tx);
    return this.withdrawal.places(participantId, since, tx);
  }

  /**
   * Takes a mentor out of what a mentor does now (their screening was cleared or lapsed): their
   * active pairs as the mentor are paused, each pause in the pair's history with `by.note`, and
   * they leave the circles they lead and their topic rooms, at `at`.
   */
  withdrawMentor(
    participantId: string,
    at: Date,
    by: { staffId: string | null; note: string },
    tx: EntityManager,
  ): Promise<WithdrawnMentor> {
    return this.withdrawal.withdrawMentor(participantId, at, by, tx);
  }

  /** Mutes (or unmutes) a circle member: their mail is held for staff; they still get the circle's. */
  muteCircleMember(
    pairingId: string,
    participantId: string,
    muted: boolean,
    by: MutedBy,
    tx?: EntityManager,
  ) {
    return this.repo.setMemberMuted(pairingId, participantId, muted, by, tx);
  }

  /** Staff keep a lead's mute (it leaves needs attention); false when there was none. */
  keepLeadMute(pairingId: string, participantId: string): Promise<boolean> {
    return this.repo.keepLeadMute(pairingId, participantId);
  }

  /** The side a person is on: matching sets it for someone who said "either" when it pairs them. */
  setRole(participantId: string, role: ParticipantRole, tx?: EntityManager): Promise<void> {
    return this.repo.setRole(participantId, role, tx);
  }

  findByRelayAddress(address: string) {
    return this.repo.findByRelayAddress(address);
  }

  /**
   * This person's mail passed authentication aligned with their From domain: from now on, their
   * mail without such a pass is held for staff (see AuthenticationCheck).
   */
  markAuthenticatedAligned(participantId: string): Promise<void> {
    return this.repo.markAuthenticatedAligned(participantId);
  }

  setPairingStatus(id: string, status: Pairing['status']): Promise<void> {
    return this.repo.setPairingStatus(id, status);
  }

  /** False when the pairing was no longer in one of `from` (see ProgramsRepository). */
  changePairingStatus(id: string, from: Pairing['status'][], to: Pairing['status']): Promise<boolean> {
    return this.repo.changePairingStatus(id, from, to);
  }
}
