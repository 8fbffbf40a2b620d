import { Injectable, Optional } from '@nestjs/common';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsRegistry } from './metrics-registry';

/** What a scrape returns: this process's own figures, and the deployment's where this is an api process. */
@Injectable()
export class MetricsEndpoint {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Optional() private readonly cluster?: ClusterMetrics,
  ) {}

  async render(): Promise<{ contentType: string; body: string }> {
    // Node's figures start at the first scrape, not at boot: prom-client's GC observer can never
    // be stopped, and it holds everything the app loaded. An app built and closed in a process
    // that goes on (each test file's app in a Jest worker) was kept whole by it, about 45 MB each.
    this.metrics.collectProcessFigures();
    await this.cluster?.refresh();
    return { contentType: this.metrics.contentType, body: await this.metrics.text() };
  }
}
