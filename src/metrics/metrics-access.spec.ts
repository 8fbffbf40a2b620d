import { AppConfig } from '../config/app-config';
import { mayReadMetrics } from './metrics-access';

const SECRET = 'a-long-enough-test-secret';
const PRODUCTION = { APP_SECRET: SECRET, NODE_ENV: 'production', PUBLIC_URL: 'https://mentormail.example' };

describe('who may read /metrics', () => {
  it('in production, nobody by default: not even loopback (a reverse proxy on the same host)', () => {
    const config = AppConfig.fromEnvironment(PRODUCTION);
    expect(mayReadMetrics(config, '127.0.0.1')).toBe(false);
    expect(mayReadMetrics(config, '::1')).toBe(false);
  });

  it('in development and tests, loopback', () => {
    const config = AppConfig.fromEnvironment({ APP_SECRET: SECRET, NODE_ENV: 'development' });
    expect(mayReadMetrics(config, '127.0.0.1')).toBe(true);
    expect(mayReadMetrics(config, '::ffff:127.0.0.1')).toBe(true);
    expect(mayReadMetrics(config, '192.0.2.7')).toBe(false);
  });

  it('addresses in METRICS_ALLOW, and the bearer of METRICS_TOKEN from anywhere', () => {
    const config = AppConfig.fromEnvironment({
      ...PRODUCTION,
      METRICS_ALLOW: '10.0.0.0/8',
      METRICS_TOKEN: 'a-metrics-token-of-some-length',
    });
    expect(mayReadMetrics(config, '10.1.2.3')).toBe(true);
    expect(mayReadMetrics(config, '192.0.2.7')).toBe(false);
    expect(mayReadMetrics(config, '192.0.2.7', 'Bearer a-metrics-token-of-some-length')).toBe(true);
    expect(mayReadMetrics(config, '192.0.2.7', 'Bearer a-metrics-token-of-some-lengtH')).toBe(false);
    expect(mayReadMetrics(config, '192.0.2.7', 'bearer a-metrics-token-of-some-length')).toBe(false);
    // Any byte a header may carry is compared without throwing.
    expect(mayReadMetrics(config, '192.0.2.7', 'Bearer é')).toBe(false);
    expect(mayReadMetrics(config, undefined, 'Bearer ')).toBe(false);
  });

  it('refuses a short token and a malformed allow-list at boot', () => {
    expect(() => AppConfig.fromEnvironment({ ...PRODUCTION, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN/,
    );
    expect(() => AppConfig.fromEnvironment({ ...PRODUCTION, METRICS_ALLOW: '10.0.0.0/33' })).toThrow(
      /METRICS_ALLOW/,
    );
  });
});
