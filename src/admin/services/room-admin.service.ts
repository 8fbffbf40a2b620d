import { Injectable } from '@nestjs/common';
import { ProgramsRepository } from '../../programs/programs.repository';
import { CircleShapeError, ProgramsService } from '../../programs/programs.service';
import { topicKey } from '../../rooms/parse-room-command';
import { RoomCallError, RoomCallsService } from '../../rooms/room-calls.service';
import { RoomsRepository, type CallAttendee, type RoomSummary } from '../../rooms/rooms.repository';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { CircleReadRepository, withSilence } from '../repositories/circle-read.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const person = (a: CallAttendee) => ({
  id: a.participant.id,
  name: a.participant.name,
  answeredAt: a.answeredAt,
});

/** Staff's topic rooms: create (form, API), view with members and calls, schedule a call, who is coming. */
@Injectable()
export class RoomAdminService {
  constructor(
    private readonly programs: ProgramsService,
    private readonly repo: ProgramsRepository,
    private readonly rooms: RoomsRepository,
    private readonly calls: RoomCallsService,
    private readonly read: CircleReadRepository,
  ) {}

  list(programmeId: string | null): Promise<RoomSummary[]> {
    return this.rooms.summaries(programmeId);
  }

  /** `{ programmeId, name, topic? }`: the topic (what people write after #join) defaults to the name. */
  async create(body: Record<string, unknown>): Promise<RoomSummary> {
    const programmeId = String(body.programmeId ?? '');
    if (!UUID.test(programmeId)) throw new AdminInputError('programmeId must be a programme id');
    const programme = await this.repo.findProgramme(programmeId);
    if (!programme) throw new AdminNotFound('programme');
    if (typeof body.name !== 'string') throw new AdminInputError('name is required');
    const topic = topicKey(typeof body.topic === 'string' && body.topic.trim() ? body.topic : body.name);
    try {
      const room = await this.programs.createRoom(programme, body.name, topic);
      return (await this.rooms.summaries(programmeId)).find((r) => r.id === room.id)!;
    } catch (error) {
      if (error instanceof CircleShapeError) throw new AdminInputError(error.message);
      throw error;
    }
  }

  async view(id: string) {
    const room = await this.rooms.findRoom(id);
    if (!room) throw new AdminNotFound('room');
    const [summary] = (await this.rooms.summaries(room.programmeId)).filter((r) => r.id === id);
    const now = Date.now();
    const members = (await this.read.members(id)).filter((m) => !m.leftAt).map((m) => withSilence(m, now));
    const calls = await Promise.all((await this.rooms.callsOf(id)).map((c) => this.rsvpView(c.id)));
    return {
      room: summary,
      members: members.map((m) => ({
        id: m.participantId,
        name: m.name,
        role: m.role,
        messages: m.messages,
        lastMessageAt: m.lastMessageAt,
        silentDays: m.silentDays,
      })),
      calls,
    };
  }

  /** `{ startsAt: ISO date-time with offset, durationMinutes, videoLink }`: every member is invited. */
  async scheduleCall(id: string, body: Record<string, unknown>) {
    const room = await this.rooms.findRoom(id);
    if (!room) throw new AdminNotFound('room');
    const startsAt = String(body.startsAt ?? '');
    // An instant, not a wall time: without a zone it would mean the server's.
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(startsAt))
      throw new AdminInputError('startsAt must be an ISO date-time with a zone (Z or +01:00)');
    try {
      const { call, invited } = await this.calls.schedule(room, {
        startsAt: new Date(startsAt),
        durationMinutes: Number(body.durationMinutes),
        videoLink: String(body.videoLink ?? '').trim(),
      });
      return { ...(await this.rsvpView(call.id)), invited };
    } catch (error) {
      if (error instanceof RoomCallError) throw new AdminInputError(error.message);
      throw error;
    }
  }

  /** `{ startsAt: ISO date-time with offset, durationMinutes? }`: everyone gets the updated invitation. */
  async moveCall(id: string, callId: string, body: Record<string, unknown>) {
    const call = await this.callOf(id, callId);
    const startsAt = String(body.startsAt ?? '');
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(startsAt))
      throw new AdminInputError('startsAt must be an ISO date-time with a zone (Z or +01:00)');
    const minutes =
      body.durationMinutes === undefined || body.durationMinutes === ''
        ? undefined
        : Number(body.durationMinutes);
    try {
      const { told } = await this.calls.move(call, {
        startsAt: new Date(startsAt),
        durationMinutes: minutes,
      });
      return { ...(await this.rsvpView(call.id)), told };
    } catch (error) {
      if (error instanceof RoomCallError) throw new AdminInputError(error.message);
      throw error;
    }
  }

  /** Everyone in the room gets the cancellation (METHOD:CANCEL of the call's UID). */
  async cancelCall(id: string, callId: string) {
    const call = await this.callOf(id, callId);
    try {
      const { told } = await this.calls.cancel(call);
      return { ...(await this.rsvpView(call.id)), told };
    } catch (error) {
      if (error instanceof RoomCallError) throw new AdminInputError(error.message);
      throw error;
    }
  }

  private async callOf(roomId: string, callId: string) {
    const call = await this.rooms.findCall(callId);
    if (!call || call.pairingId !== roomId) throw new AdminNotFound('call');
    return call;
  }

  async rsvpView(callId: string, roomId?: string) {
    const call = await this.rooms.findCall(callId);
    if (!call || (roomId !== undefined && call.pairingId !== roomId)) throw new AdminNotFound('call');
    const r = await this.calls.rsvps(call);
    return {
      id: call.id,
      startsAt: call.startsAt,
      durationMinutes: call.durationMinutes,
      videoLink: call.videoLink,
      sequence: call.sequence,
      cancelledAt: call.cancelledAt,
      coming: r.coming.map(person),
      notComing: r.notComing.map(person),
      noAnswer: r.noAnswer.map(person),
    };
  }
}
