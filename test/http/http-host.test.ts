import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { TestEnv } from '../support/test-env';
import { within } from '../support/within';

/**
 * HTTP binds where HTTP_HOST says (loopback by default, so the admin view is not on the network
 * by accident), and the start-up log names the address the socket really has. Keep-alive and a
 * stop are bounded by their settings, whatever a client does.
 */
describe('HTTP server: address, keep-alive and stop', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** Starts the api role and returns the socket's address and the start-up line it logged. */
  async function boot(overrides: Record<string, string>) {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const running = await env.start({ ROLES: 'api', LOG_LEVEL: 'log', ...overrides });
      const bound = ((running.app as INestApplication).getHttpServer() as Server).address() as AddressInfo;
      // Any HTTP answer proves httpUrl reaches the socket, wherever it is bound.
      const health = await fetch(`${running.httpUrl}/health`);
      await running.close();
      return { bound, health: health.status, log: lines.find((l) => l.includes('HTTP listening on')) ?? '' };
    } finally {
      write.mockRestore();
    }
  }

  it('binds 127.0.0.1 by default and says so', async () => {
    const { bound, health, log } = await boot({});
    expect(bound.address).toBe('127.0.0.1');
    expect(log).toContain(`HTTP listening on 127.0.0.1:${bound.port}`);
    expect([200, 503]).toContain(health);
  });

  it('binds the HTTP_HOST given (127.0.0.1)', async () => {
    const { bound, log } = await boot({ HTTP_HOST: '127.0.0.1' });
    expect(bound.address).toBe('127.0.0.1');
    expect(log).toContain(`HTTP listening on 127.0.0.1:${bound.port}`);
  });

  it('in a container (HTTP_HOST=0.0.0.0) the log says every address, not loopback', async () => {
    const { bound, health, log } = await boot({ HTTP_HOST: '0.0.0.0' });
    expect(bound.address).toBe('0.0.0.0');
    expect(log).toContain(`HTTP listening on 0.0.0.0:${bound.port}`);
    expect([200, 503]).toContain(health);
  });

  it('keeps an idle keep-alive connection HTTP_KEEP_ALIVE_TIMEOUT_MS, then closes it (72 s unless set)', async () => {
    const running = await env.start({ ROLES: 'api' });
    const server = (running.app as INestApplication).getHttpServer() as Server;
    // Above a load balancer's idle timeout (an ALB's 60 s), not Node's 5 s.
    expect(server.keepAliveTimeout).toBe(72_000);
    await running.close();

    const short = await env.start({ ROLES: 'api', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' });
    const { port } = ((short.app as INestApplication).getHttpServer() as Server).address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    const closed = once(socket, 'close');
    await new Promise<void>((resolve) => {
      const check = () => (answer.includes('\r\n\r\n') ? resolve() : socket.once('data', check));
      check();
    });
    const answeredAt = Date.now();
    await closed;
    const idle = Date.now() - answeredAt;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.toLowerCase()).toContain('keep-alive: timeout=1');
    // The server closed it after the setting's second, well before Node's default of 5 s.
    expect(idle).toBeGreaterThanOrEqual(900);
    expect(idle).toBeLessThan(4_500);
    await short.close();
  });

  /** Opens a socket and sends a request whose body stops short; resolves once the server has the request. */
  async function halfSentRequest(server: Server) {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const received = once(server, 'request');
    socket.write('POST /webhooks/ses HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n');
    socket.write('Content-Length: 10\r\n\r\nhalf ');
    await received;
    return { socket, answer: () => answer, closed: once(socket, 'close') };
  }

  /** Nest's close reaches the HTTP server only after the shutdown hooks before it. */
  function serverCloseCalled(server: Server): Promise<void> {
    const close = server.close.bind(server);
    return new Promise((resolve) => {
      jest.spyOn(server, 'close').mockImplementation((callback) => {
        resolve();
        return close(callback);
      });
    });
  }

  it('a stop waits for a request in flight to finish, within HTTP_SHUTDOWN_GRACE_MS', async () => {
    const running = await env.start({ ROLES: 'api' });
    const server = (running.app as INestApplication).getHttpServer() as Server;
    const request = await halfSentRequest(server);
    const closing = serverCloseCalled(server);
    const stopped = running.close();
    await closing;
    // The server no longer listens, but the request already in it still gets its answer.
    request.socket.write('rest!');
    await request.closed;
    expect(request.answer()).toMatch(/^HTTP\/1\.1 [2-4]\d\d /);
    // Its socket closes with the answer, not an idle keep-alive later.
    expect(request.answer().toLowerCase()).toContain('connection: close');
    await stopped;
  });

  it('a client that never finishes its request cannot hold a stop open past the grace', async () => {
    const running = await env.start({ ROLES: 'api', HTTP_SHUTDOWN_GRACE_MS: '300' });
    const server = (running.app as INestApplication).getHttpServer() as Server;
    const request = await halfSentRequest(server);
    // Without the bound, Node's close waits for the request: up to its requestTimeout, 300 s.
    expect(await within(15_000, running.close().then(() => 'stopped'))).toBe('stopped');
    await request.closed;
    expect(request.answer()).toBe('');
  });
});
