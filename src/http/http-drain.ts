import type { Server, ServerResponse } from 'node:http';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config';

/**
 * A bounded, graceful close of the HTTP server. Node's `server.close()` drops idle keep-alive
 * sockets but leaves two kinds open:
 * - a socket whose request is in flight, for as long as its client likes (one that stops reading
 *   a response or never finishes a body): a deploy's stop would wait until the orchestrator's
 *   SIGKILL, which cuts everything else as well;
 * - a socket whose request finishes after the close, kept alive for HTTP_KEEP_ALIVE_TIMEOUT_MS.
 * So once the stop begins, every answer still to come says `Connection: close` and its socket
 * ends with it, and after HTTP_SHUTDOWN_GRACE_MS the sockets still open are destroyed.
 */
@Injectable()
export class HttpDrain implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private deadline?: NodeJS.Timeout;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  private get server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }

  onApplicationBootstrap(): void {
    this.server?.prependListener('request', (_req, res: ServerResponse) => {
      if (this.draining) return this.closeAfter(res);
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
    });
  }

  // Nest closes the HTTP server after every beforeApplicationShutdown hook has run.
  beforeApplicationShutdown(): void {
    const server = this.server;
    if (!server) return;
    this.draining = true;
    for (const res of this.inFlight) this.closeAfter(res);
    this.inFlight.clear();
    this.deadline = setTimeout(() => {
      this.logger.warn('HTTP: requests still open after the shutdown grace are cut');
      server.closeAllConnections();
    }, this.config.env.HTTP_SHUTDOWN_GRACE_MS);
    this.deadline.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.deadline);
  }

  /** The answer still to come is the socket's last. */
  private closeAfter(res: ServerResponse): void {
    if (res.writableFinished) res.socket?.end();
    else if (!res.headersSent) res.setHeader('Connection', 'close');
    else res.once('finish', () => res.socket?.end());
  }
}
