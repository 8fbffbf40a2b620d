import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { mayReadMetrics } from './metrics-access';
import { MetricsEndpoint } from './metrics-endpoint';

/** Prometheus's scrape target on the api port; guarded by METRICS_TOKEN or METRICS_ALLOW. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly endpoint: MetricsEndpoint,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async get(@Req() req: Request, @Res() res: Response): Promise<void> {
    // req.ip: the socket's address, or X-Forwarded-For's only when TRUST_PROXY says whom to believe.
    if (!mayReadMetrics(this.config, req.ip, req.headers.authorization)) {
      res
        .status(403)
        .type('text/plain')
        .send('metrics: a METRICS_TOKEN bearer or an address in METRICS_ALLOW\n');
      return;
    }
    const { contentType, body } = await this.endpoint.render();
    // As prom-client spells it (Express's send would rewrite the parameters).
    res.setHeader('Content-Type', contentType);
    res.end(body);
  }
}
