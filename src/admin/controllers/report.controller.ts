import {
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StaffRequest } from '../auth/staff.guard';
import { reportPage } from '../pages/report.page';
import { REPORT_EXPORTS, ReportService } from '../services/report.service';
import { oneOf, pageContext } from './page-context';

@ApiExcludeController()
@Controller('admin/programmes/:id/report')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async show(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest): Promise<string> {
    return reportPage(pageContext(req), await this.reports.report(id));
  }

  /**
   * pairings.csv, activity.csv or surveys.csv, as a download; `?sep=semicolon` separates with
   * semicolons, for Excel where a comma writes decimals.
   */
  @Get(':file')
  async export(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('file') file: string,
    @Query('sep') sep: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const kind = oneOf(file.replace(/\.csv$/, ''), REPORT_EXPORTS);
    if (!kind || !file.endsWith('.csv') || (sep !== undefined && sep !== 'semicolon'))
      throw new NotFoundException('No such export');
    const { filename, body } = await this.reports.export(id, kind, sep === 'semicolon' ? ';' : ',');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(body);
  }
}
