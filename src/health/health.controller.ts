import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthService, type ReadyReport } from './health.service';

/**
 * Liveness apart from readiness: an orchestrator restarts a process that is not live, and only
 * stops sending traffic to one that is not ready (a PostgreSQL or Redis outage is not cured by a
 * restart). `/health` stays as the readiness probe it always was.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process answers: no dependency is asked. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) res: Response): Promise<ReadyReport> {
    return this.report(res);
  }

  @Get()
  get(@Res({ passthrough: true }) res: Response): Promise<ReadyReport> {
    return this.report(res);
  }

  private async report(res: Response): Promise<ReadyReport> {
    const report = await this.health.ready();
    if (report.status !== 'ok') res.status(503);
    return report;
  }
}
