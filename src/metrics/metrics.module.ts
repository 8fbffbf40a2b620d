import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { Role } from '../config/env.schema';
import { ClusterMetrics } from './cluster-metrics';
import { MetricsEndpoint } from './metrics-endpoint';
import { MetricsRepository } from './metrics.repository';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';

/**
 * Serving the metrics. Every process counts what it does itself (sends, relay latency: see
 * SendMetrics); an api process also reads the deployment's figures from PostgreSQL and Redis at
 * each scrape and serves both on /metrics; METRICS_PORT gives any process a listener of its own.
 * Prometheus scrapes every process (see README, Observability).
 */
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig, roles: readonly Role[]): DynamicModule {
    const api = roles.includes('api');
    const providers: Provider[] = [MetricsEndpoint];
    if (api) providers.push(ClusterMetrics, MetricsRepository);
    if (config.env.METRICS_PORT !== undefined) providers.push(MetricsServer);
    return { module: MetricsModule, controllers: api ? [MetricsController] : [], providers };
  }
}
