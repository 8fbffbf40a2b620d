import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { createHttpsTextFetcher } from './https-text-fetcher';

// A real TLS server on loopback with a throwaway certificate, trusted through the `ca` option.
let server: Server;
let base: string;
let ca: string;
let handler: (path: string, response: ServerResponse) => void;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  server = createServer({ key: pems.private, cert: pems.cert }, (request, response) =>
    handler(request.url ?? '/', response),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createHttpsTextFetcher', () => {
  it('returns the body of a 200 answer', async () => {
    handler = (_path, response) => response.end('-----BEGIN CERTIFICATE-----\nabc\n');
    await expect(createHttpsTextFetcher({ ca })(`${base}/cert.pem`)).resolves.toBe(
      '-----BEGIN CERTIFICATE-----\nabc\n',
    );
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    handler = (path, response) => {
      if (path === '/declared') {
        response.setHeader('content-length', 5000);
        response.end('x'.repeat(5000));
        return;
      }
      // Chunked, no content-length: only counting the stream can catch it.
      response.write('x'.repeat(3000));
      response.end('x'.repeat(3000));
    };
    const fetch = createHttpsTextFetcher({ ca, maxBytes: 4096 });
    await expect(fetch(`${base}/declared`)).rejects.toThrow(/declared 5000 bytes/);
    await expect(fetch(`${base}/streamed`)).rejects.toThrow(/exceeded 4096 bytes/);
  });

  it('gives up after the timeout', async () => {
    handler = (_path, response) => {
      response.write('partial');
      // Never ends; the fetcher must abort on its own.
    };
    const started = Date.now();
    await expect(createHttpsTextFetcher({ ca, timeoutMs: 200 })(`${base}/slow`)).rejects.toThrow(
      /timed out after 200 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a non-200 answer and does not follow redirects', async () => {
    handler = (_path, response) => {
      response.statusCode = 302;
      response.setHeader('location', 'https://evil.example/');
      response.end();
    };
    await expect(createHttpsTextFetcher({ ca })(`${base}/moved`)).rejects.toThrow(/answered 302/);
  });

  it('refuses a certificate it does not trust', async () => {
    handler = (_path, response) => response.end('ok');
    await expect(createHttpsTextFetcher()(`${base}/x`)).rejects.toThrow(/self-signed|self signed/);
  });

  it('refuses plain http before connecting', async () => {
    await expect(createHttpsTextFetcher()('http://sns.us-east-1.amazonaws.com/x.pem')).rejects.toThrow(
      /non-https/,
    );
  });
});
