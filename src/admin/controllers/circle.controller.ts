import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminInputError } from '../admin.errors';
import type { StaffRequest } from '../auth/staff.guard';
import { circlePage } from '../pages/circle.page';
import { CircleAdminService } from '../services/circle-admin.service';
import { FormBody } from './form-body';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/circles')
export class CircleController {
  constructor(private readonly circles: CircleAdminService) {}

  @Post()
  async create(@FormBody() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const circle = await this.circles.create(body);
    res.redirect(303, `/admin/circles/${circle.id}`);
  }

  @Get(':id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return circlePage(pageContext(req), await this.circles.view(id), req.query);
  }

  @Post(':id/members/:participantId/:action')
  async act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @Param('action') action: string,
    @Res() res: Response,
  ): Promise<void> {
    if (action === 'keep-muted') await this.circles.keepMuted(id, participantId);
    else if (action === 'mute' || action === 'unmute')
      await this.circles.mute(id, participantId, action === 'mute');
    else throw new AdminInputError('mute, unmute or keep-muted');
    res.redirect(303, `/admin/circles/${id}`);
  }
}
