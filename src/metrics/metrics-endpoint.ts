import { Injectable, Optional } from '@nestjs/common';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsRegistry } from './metrics-registry';

/** What a scrape returns: this process's own figures, and the deployment's where this is an api process. */
@Injectable()
export class MetricsEndpoint {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Optional() private readonly cluster?: ClusterMetrics,
  ) {
    metrics.collectProcessFigures();
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await this.cluster?.refresh();
    return { contentType: this.metrics.contentType, body: await this.metrics.text() };
  }
}
