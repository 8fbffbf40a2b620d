import pino, { type Level, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/app-config';
import type { Env } from '../config/env.schema';
import { logAddress, maskAddressesInText } from '../common/log-address';

/** LOG_LEVEL speaks Nest's names; pino's own are used underneath. */
export const PINO_LEVELS: Record<Env['LOG_LEVEL'], LevelWithSilent> = {
  silent: 'silent',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Field names that hold an address (from, to, email, recipientAddress...). Call sites pass
 * addresses through logAddress already; a value under such a name is masked whole even so, display
 * name included, so a slip at a call site does not reach the log.
 */
const ADDRESS_FIELD =
  /^(?:from|to|cc|bcc|replyTo|email|address|recipient|sender|envelopeFrom)$|(?:Address|Email)$/i;

function maskValue(value: unknown, secret: string): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('addr:')) return value;
    // `Ann Lee <ann@example.org>`: the same mask as the bare address, the name left out.
    return logAddress(/<([^<>]+)>/.exec(value)?.[1] ?? value, secret);
  }
  if (Array.isArray(value)) return value.map((v) => maskValue(v, secret));
  return value;
}

/** Masks address-named fields of a log call's object, one level of plain objects deep. */
export function maskAddressFields(
  obj: Record<string, unknown>,
  secret: string,
  depth = 0,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(obj)) {
    let masked = value;
    if (ADDRESS_FIELD.test(key)) masked = maskValue(value, secret);
    else if (depth === 0 && value !== null && Object.getPrototypeOf(value) === Object.prototype)
      masked = maskAddressFields(value as Record<string, unknown>, secret, depth + 1);
    if (masked !== value) (out ??= { ...obj })[key] = masked;
  }
  return out ?? obj;
}

/**
 * The process's one pino logger: JSON lines on `destination` (stdout), or pino-pretty's text when
 * LOG_FORMAT=pretty (a dev dependency, checked by the configuration at boot). Two defences keep
 * participants' addresses out: fields named like addresses are masked whole, then every
 * address-shaped string left in the finished line (a transport's error, a stack) is masked.
 */
export async function createAppLogger(
  config: AppConfig,
  destination: NodeJS.WritableStream = process.stdout,
): Promise<Logger> {
  const secret = config.env.APP_SECRET;
  const options: LoggerOptions = {
    level: PINO_LEVELS[config.env.LOG_LEVEL],
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // "level":"warn" rather than 40: read by people as often as by machines.
      level: (label: string) => ({ level: label as Level }),
      log: (obj: Record<string, unknown>) => maskAddressFields(obj, secret),
    },
    hooks: { streamWrite: (line: string) => maskAddressesInText(line, secret) },
  };
  if (config.env.LOG_FORMAT === 'json') return pino(options, destination);
  const { default: pretty } = await import('pino-pretty');
  return pino(
    options,
    pretty({
      destination,
      colorize: (destination as { isTTY?: boolean }).isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    }),
  );
}
