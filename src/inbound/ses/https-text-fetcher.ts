import https from 'node:https';

export interface HttpsTextFetcherOptions {
  /** Whole-request budget; SNS certs are tiny and AWS answers fast, so a slow answer is suspicious. */
  timeoutMs?: number;
  /** A PEM certificate is about 2 KB; the cap stops a misbehaving peer from filling memory. */
  maxBytes?: number;
  /** Extra trusted CA, for specs that serve over a local self-signed TLS server. */
  ca?: string;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_FETCH_MAX_BYTES = 64 * 1024;

/**
 * A GET over https that returns the body as text, with a timeout and a size cap. Redirects are not
 * followed (`https.get` never does), so the host that was checked is the host that answers.
 */
export function createHttpsTextFetcher(
  options: HttpsTextFetcherOptions = {},
): (url: string) => Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  return (url) =>
    new Promise<string>((resolve, reject) => {
      if (!url.startsWith('https:')) {
        reject(new Error(`refusing non-https URL ${url}`));
        return;
      }
      let settled = false;
      // Settle once, then tear the connection down; late 'end' or 'error' events are ignored.
      const finish = (error: Error | null, body?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          request.destroy();
          reject(error);
        } else resolve(body ?? '');
      };
      const request = https.get(url, { ca: options.ca }, (response) => {
        response.on('error', (error) => finish(error));
        if (response.statusCode !== 200) {
          finish(new Error(`GET ${url} answered ${response.statusCode}`));
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(new Error(`GET ${url} declared ${declared} bytes, cap is ${maxBytes}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish(new Error(`GET ${url} exceeded ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
      });
      request.on('error', (error) => finish(error));
      // The request's own `timeout` only covers socket idleness; this bounds the whole exchange.
      const timer = setTimeout(
        () => finish(new Error(`GET ${url} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
}
