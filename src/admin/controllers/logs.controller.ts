import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import {
  deliveriesPage,
  deliveriesRequest,
  inboundDetailPage,
  inboundListPage,
  inboundRequest,
} from '../pages/logs.page';
import { LogsService } from '../services/logs.service';
import { pageContext } from './page-context';

const UUID = /^[0-9a-f-]{36}$/i;

@ApiExcludeController()
@Controller('admin')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get('inbound')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async inbound(@Req() req: StaffRequest, @Query('status') status?: string) {
    const s = typeof status === 'string' && status ? status : undefined;
    const { rows, counts } = await this.logs.inboundPage(s, inboundRequest(req.query));
    return inboundListPage(pageContext(req), rows, counts, s, req.query);
  }

  @Get('inbound/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async inboundOne(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest) {
    return inboundDetailPage(pageContext(req), await this.logs.inboundOne(id));
  }

  /** As text/plain with nosniff: a browser shows the source and never renders it. */
  @Get('inbound/:id/raw')
  async raw(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('download') download: string,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ) {
    const raw = await this.logs.raw(id, req.staff!.staffId);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader(
      'Content-Disposition',
      `${download ? 'attachment' : 'inline'}; filename="inbound-${id}.eml"`,
    );
    res.send(raw);
  }

  @Post('inbound/:id/reprocess')
  async reprocess(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    await this.logs.reprocess(id);
    res.redirect(303, `/admin/inbound/${id}`);
  }

  @Post('inbound/:id/release')
  async release(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest, @Res() res: Response) {
    await this.logs.release(id, req.staff!.staffId);
    res.redirect(303, `/admin/inbound/${id}`);
  }

  @Post('deliveries/:id/retry')
  async retryDelivery(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    await this.logs.retryDelivery(id);
    res.redirect(303, '/admin/deliveries?status=failed');
  }

  @Get('deliveries')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async deliveries(
    @Req() req: StaffRequest,
    @Query('status') status?: string,
    @Query('pairing') pairing?: string,
  ) {
    const pairingId = typeof pairing === 'string' && UUID.test(pairing) ? pairing : undefined;
    const s = typeof status === 'string' && status ? status : undefined;
    const { rows, counts } = await this.logs.deliveriesPage(
      { status: s, pairingId },
      deliveriesRequest(req.query),
    );
    return deliveriesPage(pageContext(req), rows, counts, { status: s, pairingId }, req.query);
  }
}
