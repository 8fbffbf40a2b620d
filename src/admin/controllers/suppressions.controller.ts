import { Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { suppressionsPage } from '../pages/suppressions.page';
import { SuppressionsAdminService } from '../services/suppressions-admin.service';
import { FormBody } from './form-body';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsAdminService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(
    @Req() req: StaffRequest,
    @Query('active') active?: string,
    @Query('notice') notice?: string,
  ): Promise<string> {
    const only = active === '1' ? true : active === '0' ? false : undefined;
    return suppressionsPage(pageContext(req), await this.suppressions.list(only), only, notice, req.query);
  }

  @Post('lift')
  async lift(
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
    @Res() res: Response,
  ): Promise<void> {
    const address = typeof body.address === 'string' ? body.address : '';
    await this.suppressions.lift(address, req.staff!.email);
    const notice = `Lifted the suppression of ${address.trim().toLowerCase()}.`;
    res.redirect(303, `/admin/suppressions?notice=${encodeURIComponent(notice)}`);
  }
}
