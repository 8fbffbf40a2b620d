import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  it('runs locally with no setting at all', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/mentormail');
    expect(config.env.ROLES).toEqual(['api', 'worker', 'smtp']);
    expect(config.env.MAIL_TRANSPORT).toBe('file');
    expect(config.noticesAddress).toBe('notices@relay.localhost');
  });

  it('reports every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      AppConfig.fromEnvironment({ HTTP_PORT: 'abc', ROLES: 'api,cook', MAIL_TRANSPORT: 'ses' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toMatch(/HTTP_PORT/);
    expect(text).toMatch(/ROLES/);
    expect(text).toMatch(/AWS_REGION: required when MAIL_TRANSPORT=ses/);
  });

  it('requires driver settings only when the driver is chosen', () => {
    expect(() => AppConfig.fromEnvironment({ MAIL_TRANSPORT: 'smtp' })).toThrow(/OUTBOUND_SMTP_HOST/);
    const ok = AppConfig.fromEnvironment({ MAIL_TRANSPORT: 'smtp', OUTBOUND_SMTP_HOST: 'mailpit' });
    expect(ok.env.OUTBOUND_SMTP_PORT).toBe(587);
  });

  it('parses roles from a comma list', () => {
    const config = AppConfig.fromEnvironment({ ROLES: 'worker' });
    expect(config.hasRole('worker')).toBe(true);
    expect(config.hasRole('api')).toBe(false);
  });
});
