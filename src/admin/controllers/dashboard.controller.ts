import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AttentionService } from '../../attention/attention.service';
import { ChoiceService } from '../../choice/choice.service';
import { ClosingRepository } from '../../closing/closing.repository';
import type { StaffRequest } from '../auth/staff.guard';
import { attentionPage } from '../pages/attention.page';
import { dashboardPage } from '../pages/dashboard.page';
import { CircleAttentionRepository } from '../repositories/circle-attention.repository';
import { HEALTH_ORDER, PairingHealthRepository } from '../repositories/pairing-health.repository';
import { DashboardService } from '../services/dashboard.service';
import { oneOf, pageContext } from './page-context';

const UUID = /^[0-9a-f-]{36}$/i;

@ApiExcludeController()
@Controller('admin')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly health: PairingHealthRepository,
    private readonly closing: ClosingRepository,
    private readonly choice: ChoiceService,
    private readonly circles: CircleAttentionRepository,
    private readonly queue: AttentionService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async index(@Req() req: StaffRequest): Promise<string> {
    return dashboardPage(pageContext(req), await this.dashboard.view(), req.query);
  }

  @Get('attention')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async attention(
    @Req() req: StaffRequest,
    @Query('health') health?: string,
    @Query('programme') programme?: string,
    @Query('done') done?: string,
  ): Promise<string> {
    const h = oneOf(health, HEALTH_ORDER) ?? 'attention';
    const programmeId = programme && UUID.test(programme) ? programme : undefined;
    const attention = h === 'attention';
    const [rows, rematches, choosing, queue, silent, neverWrote, mutedByLead] = await Promise.all([
      attention ? [] : this.health.list({ health: h, programmeId }),
      this.closing.rematches({ openOnly: true }),
      attention ? this.choice.needingStaff() : [],
      attention ? this.queue.queue({ programmeId }) : [],
      attention ? this.circles.silentCircles(programmeId) : [],
      attention ? this.circles.neverWrote(programmeId) : [],
      attention ? this.circles.mutedByLead(programmeId) : [],
    ]);
    const circles = { silent, neverWrote, mutedByLead };
    return attentionPage(pageContext(req), h, rows, rematches, choosing, circles, queue, done, req.query);
  }
}
