import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { mayReadMetrics } from './metrics-access';
import { MetricsEndpoint } from './metrics-endpoint';

/**
 * METRICS_PORT: a small HTTP listener of its own serving GET /metrics, for a process without the
 * api role (a worker counts its sends and relay latency where they happen). Same guard as the api's
 * /metrics; the caller's address is the socket's (no proxy is expected in front of it).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly endpoint: MetricsEndpoint,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        this.logger.error({ err: error }, 'metrics: scrape failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.env.METRICS_PORT, this.config.env.HTTP_HOST, resolve);
    });
    this.server = server;
    this.logger.log(`metrics listening on ${this.url}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Where the listener is bound, e.g. http://127.0.0.1:9464. */
  get url(): string {
    const { address, port } = this.server!.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (!mayReadMetrics(this.config, req.socket.remoteAddress, req.headers.authorization)) {
      res
        .writeHead(403, { 'Content-Type': 'text/plain' })
        .end('metrics: a METRICS_TOKEN bearer or an address in METRICS_ALLOW\n');
      return;
    }
    const { contentType, body } = await this.endpoint.render();
    res.writeHead(200, { 'Content-Type': contentType }).end(body);
  }
}
