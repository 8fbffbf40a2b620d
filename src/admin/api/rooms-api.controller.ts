import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FormBody } from '../controllers/form-body';
import { RoomAdminService } from '../services/room-admin.service';

/** Topic rooms through the staff API: same login or Bearer token as the rest. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('mm_session')
@Controller('api/rooms')
export class RoomsApiController {
  constructor(private readonly rooms: RoomAdminService) {}

  /** `{ programmeId, name, topic? }`: a room with its own relay address and no members yet. */
  @Post()
  create(@FormBody() body: Record<string, unknown>) {
    return this.rooms.create(body);
  }

  @Get()
  @ApiQuery({ name: 'programmeId', required: false })
  list(@Query('programmeId') programmeId?: string) {
    return this.rooms.list(programmeId && /^[0-9a-f-]{36}$/i.test(programmeId) ? programmeId : null);
  }

  @Get(':id')
  view(@Param('id', ParseUUIDPipe) id: string) {
    return this.rooms.view(id);
  }

  /** `{ startsAt, durationMinutes, videoLink }`: every member gets an invitation with an .ics. */
  @Post(':id/calls')
  scheduleCall(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.rooms.scheduleCall(id, body);
  }

  /** `{ startsAt, durationMinutes? }`: the call moves; everyone gets the updated invitation (same UID). */
  @Post(':id/calls/:callId/move')
  moveCall(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('callId', ParseUUIDPipe) callId: string,
    @FormBody() body: Record<string, unknown>,
  ) {
    return this.rooms.moveCall(id, callId, body);
  }

  /** The call is cancelled: everyone gets a METHOD:CANCEL of its UID, and no reminder goes. */
  @Post(':id/calls/:callId/cancel')
  cancelCall(@Param('id', ParseUUIDPipe) id: string, @Param('callId', ParseUUIDPipe) callId: string) {
    return this.rooms.cancelCall(id, callId);
  }

  /** Who is coming: yes, no, and no answer yet, among the room's current members. */
  @Get(':id/calls/:callId')
  call(@Param('id', ParseUUIDPipe) id: string, @Param('callId', ParseUUIDPipe) callId: string) {
    return this.rooms.rsvpView(callId, id);
  }
}
