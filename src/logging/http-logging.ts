import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';

/** Paths whose second segment is a signed token (unsubscribe, vote links): a capability, never logged. */
const TOKEN_PATH = /^\/([uv])\/[^/]+/;

/** The path as logs show it: no query string (it may carry tokens), link tokens replaced. */
export function logPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(TOKEN_PATH, '/$1/:token');
}

/** Probes and scrapes come every few seconds and say nothing: not logged when they succeed. */
const QUIET = /^\/(?:health|metrics)(?:[/?]|$)/;

/** A request id a caller (a proxy) may set: short and plain, else we draw our own. */
const GIVEN_ID = /^[\w.:-]{1,64}$/;

type Request = IncomingMessage & { originalUrl?: string };

/**
 * pino-http's settings: one line per request when it finishes (method, path, status, time), the
 * request's id on every line logged while serving it, and nothing of headers (cookies, bearer
 * tokens) or query strings. The id is echoed in `X-Request-Id`.
 */
export function httpLogOptions(): Options<Request, ServerResponse> {
  return {
    quietReqLogger: true,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
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
