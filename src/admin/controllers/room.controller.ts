import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { roomPage } from '../pages/room.page';
import { RoomAdminService } from '../services/room-admin.service';
import { FormBody } from './form-body';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/rooms')
export class RoomController {
  constructor(private readonly rooms: RoomAdminService) {}

  @Post()
  async create(@FormBody() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const room = await this.rooms.create(body);
    res.redirect(303, `/admin/rooms/${room.id}`);
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return roomPage(pageContext(req), await this.rooms.view(id), req.query);
  }

  @Post(':id/calls')
  async schedule(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.rooms.scheduleCall(id, body);
    res.redirect(303, `/admin/rooms/${id}`);
  }

  @Post(':id/calls/:callId/move')
  async move(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('callId', ParseUUIDPipe) callId: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.rooms.moveCall(id, callId, body);
    res.redirect(303, `/admin/rooms/${id}`);
  }

  @Post(':id/calls/:callId/cancel')
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('callId', ParseUUIDPipe) callId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.rooms.cancelCall(id, callId);
    res.redirect(303, `/admin/rooms/${id}`);
  }
}
