import { MetricsEndpoint } from './metrics-endpoint';
import { MetricsRegistry } from './metrics-registry';

describe('MetricsEndpoint: Node’s own figures', () => {
  it('are not collected by an app that is never scraped, then served from the first scrape on', async () => {
    const metrics = new MetricsRegistry();
    const endpoint = new MetricsEndpoint(metrics);
    // prom-client's GC observer, once made, lives as long as the process, with all it holds.
    expect(metrics.registry.getSingleMetric('nodejs_gc_duration_seconds')).toBeUndefined();
    expect(metrics.registry.getSingleMetric('process_cpu_user_seconds_total')).toBeUndefined();

    const first = await endpoint.render();
    expect(first.body).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(first.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(first.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // A second scrape registers nothing twice (prom-client would throw).
    expect((await endpoint.render()).body).toMatch(/^process_cpu_user_seconds_total \d/m);
  });
});
