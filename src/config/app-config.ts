import { driverProblems, envSchema, type Env, type Role } from './env.schema';
import { DEVELOPMENT_TRUSTED_CLIENTS, TrustedClients } from './trusted-clients';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Typed, validated configuration; read once at boot and injected everywhere else. */
export class AppConfig {
  /** SMTP clients whose submissions count as local; built once, here, from SMTP_TRUSTED_CLIENTS. */
  readonly trustedClients: TrustedClients;

  private constructor(readonly env: Readonly<Env>) {
    this.trustedClients = new TrustedClients(
      env.SMTP_TRUSTED_CLIENTS ?? (env.NODE_ENV === 'production' ? [] : DEVELOPMENT_TRUSTED_CLIENTS),
    );
  }

  /** Validates the whole environment and reports every problem at once. */
  static fromEnvironment(source: Record<string, string | undefined>): AppConfig {
    const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
    const parsed = envSchema.safeParse(cleaned);
    const problems = [
      ...(parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)),
      ...driverProblems(cleaned),
    ];
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    return new AppConfig(parsed.data);
  }

  static load(): AppConfig {
    return AppConfig.fromEnvironment(process.env);
  }

  hasRole(role: Role): boolean {
    return this.env.ROLES.includes(role);
  }

  get noticesAddress(): string {
    return this.env.NOTICES_ADDRESS ?? `notices@${this.env.RELAY_DOMAIN}`;
  }
}
