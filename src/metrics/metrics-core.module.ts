import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics-registry';
import { SendMetrics } from './send-metrics';

/** The registry and what the feature services count into it; whether and where it is served is MetricsModule's. */
@Global()
@Module({ providers: [MetricsRegistry, SendMetrics], exports: [MetricsRegistry, SendMetrics] })
export class MetricsCoreModule {}
