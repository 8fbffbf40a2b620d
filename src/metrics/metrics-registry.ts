import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * This app's own prom-client registry, never the library's global one: a process (or a test)
 * that builds several apps gets several registries, none registering a metric twice.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private processFigures = false;

  /** Node's own figures (event loop lag, heap, GC, CPU), once, in a process that is scraped. */
  collectProcessFigures(): void {
    if (this.processFigures) return;
    this.processFigures = true;
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
