import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { TestEnv } from '../support/test-env';

/**
 * HTTP binds where HTTP_HOST says (loopback by default, so the admin view is not on the network
 * by accident), and the start-up log names the address the socket really has.
 */
describe('HTTP_HOST', () => {
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
});
