import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProgramsRepository } from '../../programs/programs.repository';
import { AdminNotFound } from '../admin.errors';
import type { StaffRequest } from '../auth/staff.guard';
import { FormBody } from '../controllers/form-body';
import { pageContext } from '../controllers/page-context';
import { PAGE_SIZE } from '../html/data-table';
import { auditPage, auditRequests, moderationPage, reviewRequest } from './moderation.page';
import { ModerationService } from './moderation.service';
import { PeopleRepository } from './people.repository';
import { SafeguardingSettingsService } from './safeguarding-settings.service';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

@ApiExcludeController()
@Controller('admin')
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly settings: SafeguardingSettingsService,
    private readonly programs: ProgramsRepository,
    private readonly people: PeopleRepository,
  ) {}

  @Get('programmes/:id/moderation')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async queue(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: StaffRequest,
    @Query('notice') notice?: string,
  ) {
    const programme = await this.programs.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    const items = await this.moderation.queueOf(id, reviewRequest(req.query));
    return moderationPage(pageContext(req), programme, items, notice, req.query);
  }

  @Get('programmes/:id/audit')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async audit(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest) {
    const programme = await this.programs.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    const asked = auditRequests(req.query);
    const [views, actions] = await Promise.all([
      this.people.threadViewsOf(id, asked.views, PAGE_SIZE),
      this.people.auditOf(id, asked.actions, PAGE_SIZE),
    ]);
    return auditPage(pageContext(req), programme, views, actions, req.query);
  }

  @Post('programmes/:id/safeguarding')
  async saveSettings(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const now = await this.settings.save(id, body, pageContext(req).staffId);
    const onOff = (on: boolean) => (on ? 'on' : 'off');
    this.back(
      res,
      id,
      `Saved: the contact-detail filter is ${onOff(now.filterOn)}; mentor screening is ${onOff(now.screeningOn)}.`,
    );
  }

  @Post('moderation/:inbound/approve')
  async approve(
    @Param('inbound', ParseUUIDPipe) inbound: string,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    const programmeId = await this.moderation.approve(inbound, pageContext(req).staffId);
    this.back(res, programmeId, 'Approved: the message is passed on as written.');
  }

  @Post('moderation/:inbound/edit')
  async edit(
    @Param('inbound', ParseUUIDPipe) inbound: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    const programmeId = await this.moderation.edit(
      inbound,
      pageContext(req).staffId,
      str(body.text),
      body.subject === undefined ? undefined : str(body.subject),
    );
    this.back(res, programmeId, 'Passed on with your edit; the author was sent what their partner receives.');
  }

  @Post('moderation/:inbound/reject')
  async reject(
    @Param('inbound', ParseUUIDPipe) inbound: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    const programmeId = await this.moderation.reject(inbound, pageContext(req).staffId, str(body.reason));
    this.back(res, programmeId, 'Rejected: the author was told why.');
  }

  private back(res: Response, programmeId: string, notice: string): void {
    res.redirect(303, `/admin/programmes/${programmeId}/moderation?notice=${encodeURIComponent(notice)}`);
  }
}
