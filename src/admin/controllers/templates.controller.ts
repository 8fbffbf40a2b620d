import { Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { TEMPLATES_CSP } from '../html/styles';
import { templatesPage } from '../pages/templates.page';
import { TemplatePreviewService } from '../services/template-preview.service';
import { pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatePreviewService) {}

  /** Replaces the admin-wide policy (set by middleware) for this page only; see TEMPLATES_CSP. */
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', TEMPLATES_CSP)
  show(@Req() req: StaffRequest, @Query('notice') notice?: string): string {
    return templatesPage(pageContext(req), this.templates.all(), notice, req.query);
  }

  @Post(':name/test')
  async test(@Param('name') name: string, @Req() req: StaffRequest, @Res() res: Response): Promise<void> {
    const to = req.staff!.email;
    await this.templates.sendTest(name, to);
    const notice = `Test of ${name} queued for ${to}.`;
    res.redirect(303, `/admin/templates?notice=${encodeURIComponent(notice)}#${encodeURIComponent(name)}`);
  }
}
