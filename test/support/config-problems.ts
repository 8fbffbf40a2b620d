import { AppConfig, ConfigError } from '../../src/config/app-config';

/** A secret long enough for the schema: production has no built-in one (see APP_SECRET). */
export const TEST_SECRET = { APP_SECRET: 'a-long-enough-test-secret' };

/**
 * Every problem AppConfig reports for this environment (none: it boots). `base` is merged
 * under `env`; pass `{}` to see what a bare environment is told.
 */
export function configProblems(
  env: Record<string, string>,
  base: Record<string, string> = TEST_SECRET,
): string[] {
  try {
    AppConfig.fromEnvironment({ ...base, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
