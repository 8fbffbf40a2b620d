import { resolve } from 'node:path';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import type { StaffRequest } from '../auth/staff.guard';
import { outboxListPage, outboxMailPage } from '../pages/outbox.page';
import { OutboxViewService } from '../services/outbox-view.service';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxViewService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Req() req: StaffRequest, @Res() res: Response): Promise<void> {
    res
      .type('html')
      .send(
        outboxListPage(
          pageContext(req),
          await this.outbox.list(),
          resolve(this.config.env.OUTBOX_DIR),
          req.query,
        ),
      );
  }

  @Get(':name')
  async show(
    @Param('name') name: string,
    @Query('raw') raw: string,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    const mail = await this.outbox.read(name);
    if (raw) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.type('text/plain').send(mail.raw);
    } else res.type('html').send(outboxMailPage(pageContext(req), name, mail.parsed));
  }
}
