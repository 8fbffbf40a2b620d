import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';

/**
 * Paths whose second segment is a signed token (unsubscribe, vote, enrolment confirmation and
 * guardian consent links): the token is the whole capability, so whoever reads the logs could use
 * it. test/security/log-paths.test.ts fails on a token route missing here.
 */
const TOKEN_PATH = /^\/(u|v|confirm|consent)\/[^/]+/;

/** The path as logs show it: no query string (it may carry tokens), link tokens replaced. */
export function logPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(TOKEN_PATH, '/$1/:token');
}

/** Probes and scrapes come every few seconds: never logged here, whatever they answer. */
const QUIET = /^\/(?:health|metrics)(?:[/?]|$)/;

/** A request id a caller (a proxy) may set: short and plain, else we draw our own. */
const GIVEN_ID = /^[\w.:-]{1,64}$/;

type Request = IncomingMessage & { originalUrl?: string };
/** pino-http reads an error a handler left on the response here. */
type Response = ServerResponse & { err?: Error };

/**
 * The line's level by what happened. A 503 is the service shedding load as designed (the login
 * gate when argon2 is busy): a warning, not an error that alerts would page on, and a login flood
 * must not turn into a flood of error lines.
 */
function levelOf(res: Response, error: Error | undefined): 'info' | 'warn' | 'error' {
  // Something thrown (the stream's error, or one a handler left on the response) is an error
  // whatever the status.
  if (error || res.err || (res.statusCode >= 500 && res.statusCode !== 503)) return 'error';
  return res.statusCode === 503 ? 'warn' : 'info';
}

/**
 * pino-http's settings: one line per request when it finishes (method, path, status, time), the
 * request's id on every line logged while serving it, and nothing of headers (cookies, bearer
 * tokens) or query strings. The id is echoed in `X-Request-Id`.
 */
export function httpLogOptions(): Options<Request, Response> {
  return {
    quietReqLogger: true,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => levelOf(res, error),
    // For a 5xx answer nothing threw, pino-http makes up an Error ("failed with status code 503")
    // whose stack is pino-http's own: the line keeps the status and drops it. A thrown error stays
    // whole (a handler's own error is also logged by ClientErrorsFilter, with its stack).
    customErrorObject: (_req, res, error, value: Record<string, unknown>) =>
      res.err || !madeUp(res, error) ? value : withoutKey(value, 'err'),
    autoLogging: { ignore: (req) => QUIET.test(req.originalUrl ?? req.url ?? '') },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: logPath(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res, ms) =>
      `${req.method} ${logPath(req.originalUrl ?? req.url)} ${res.statusCode} in ${ms} ms`,
    customErrorMessage: (req, res) =>
      `${req.method} ${logPath(req.originalUrl ?? req.url)} ${res.statusCode}`,
  };
}

/** pino-http's stand-in error for a 5xx answer nothing threw (see its onResFinished). */
function madeUp(res: ServerResponse, error: Error): boolean {
  return error.message === `failed with status code ${res.statusCode}`;
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}
