import {
  driverProblems,
  envSchema,
  handoffProblems,
  logFormatProblems,
  productionProblems,
  redisProblems,
  type Env,
  type Role,
} from './env.schema';
import { loadDkim, type DkimSettings } from './dkim-keys';
import { localSecret, processLocalSecret } from './local-secret';
import { loadSmtpTls, type SmtpTls } from './smtp-tls';
import { DEVELOPMENT_TRUSTED_CLIENTS, TrustedClients } from './trusted-clients';

export interface ConfigOptions {
  /** The command line is a local tool: an unset NODE_ENV counts as development there. */
  local?: boolean;
  /** Where development keeps its secret (tests point it elsewhere). */
  secretFile?: string;
}

/**
 * No secret is built in. Left unset, development makes one and keeps it in var/ (0600), tests
 * draw one per process; anything else (production, or no NODE_ENV) must set APP_SECRET.
 */
function secretFallback(mode: string | undefined, options: ConfigOptions): string | undefined {
  if (mode === 'development') return localSecret(options.secretFile);
  if (mode === 'test') return processLocalSecret();
  return undefined;
}

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
  /** Addresses that may read /metrics without METRICS_TOKEN; built here from METRICS_ALLOW by the same rule. */
  readonly metricsClients: TrustedClients;

  private constructor(
    readonly env: Readonly<Env>,
    localMode: boolean,
    /** STARTTLS's certificate and key, read and checked at boot; unset: no STARTTLS. */
    readonly smtpTls?: SmtpTls,
    /** DKIM keys of the SMTP and file transports, read and checked at boot; unset: mail goes unsigned. */
    readonly dkim?: DkimSettings,
  ) {
    // Trusting loopback is a local convenience (the demo, `cli send`, tests), decided by the same
    // rule as the secret: a server started without an explicit mode trusts no client.
    this.trustedClients = new TrustedClients(
      env.SMTP_TRUSTED_CLIENTS ?? (localMode ? DEVELOPMENT_TRUSTED_CLIENTS : []),
    );
    // A reverse proxy on loopback would otherwise hand the counts to anyone, so production
    // (or no explicit mode) lets nobody in by address unless METRICS_ALLOW says so.
    this.metricsClients = new TrustedClients(
      env.METRICS_ALLOW ?? (localMode ? DEVELOPMENT_TRUSTED_CLIENTS : []),
    );
  }

  /** Validates the whole environment and reports every problem at once. */
  static fromEnvironment(source: Record<string, string | undefined>, options: ConfigOptions = {}): AppConfig {
    const cleaned = Object.fromEntries(
      Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
    );
    // The mode asked for explicitly (the CLI is local by nature), not the schema's default.
    const mode = cleaned.NODE_ENV ?? (options.local ? 'development' : undefined);
    const fallback = cleaned.APP_SECRET ? undefined : secretFallback(mode, options);
    if (fallback) cleaned.APP_SECRET = fallback;
    const parsed = envSchema.safeParse(cleaned);
    const smtpTls = loadSmtpTls(cleaned);
    const dkim = loadDkim(cleaned);
    const problems = [
      ...(parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)),
      ...driverProblems(cleaned),
      ...productionProblems(cleaned),
      ...logFormatProblems(cleaned),
      ...redisProblems(cleaned),
      ...handoffProblems(cleaned),
      ...smtpTls.problems,
      ...dkim.problems,
    ];
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
    const dkimSettings = dkim.keys && { domain: parsed.data.RELAY_DOMAIN, keys: dkim.keys };
    return new AppConfig(parsed.data, mode === 'development' || mode === 'test', smtpTls.tls, dkimSettings);
  }

  static load(options: ConfigOptions = {}): AppConfig {
    return AppConfig.fromEnvironment(process.env, options);
  }

  hasRole(role: Role): boolean {
    return this.env.ROLES.includes(role);
  }

  /** PUBLIC_URL exactly as given, without a trailing slash: the root every emailed link starts with. */
  get publicRoot(): string {
    let root = this.env.PUBLIC_URL;
    while (root.endsWith('/')) root = root.slice(0, -1);
    return root;
  }

  get noticesAddress(): string {
    return this.env.NOTICES_ADDRESS ?? `notices@${this.env.RELAY_DOMAIN}`;
  }
}
