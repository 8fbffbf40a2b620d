import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { appRoutes } from '@bull-board/api/dist/routes.js';
import { QUEUES_PATH } from '../../src/admin/mounts/queues-board';

export interface Route {
  method: string;
  /** With `:name` placeholders. */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route Nest registered on express (the mounts below are not in this list). A controller's
 * route answers one method; a route for every method is a middleware Nest registered with
 * `all()` (the request logging on `/{*path}`), not an endpoint.
 */
export function nestRoutes(app: INestApplicationContext): Route[] {
  const express = (app as NestExpressApplication).getHttpAdapter().getInstance() as Express;
  const stack = (express as unknown as { router: { stack: Layer[] } }).router.stack;
  return stack
    .filter((l) => l.route && Object.keys(l.route.methods).length === 1)
    .flatMap((l) =>
      [l.route!.path]
        .flat()
        .flatMap((path) => Object.keys(l.route!.methods).map((m) => ({ path, method: m.toUpperCase() }))),
    );
}

/** The express apps mounted beside Nest's router: bull-board (its own route table), the API docs, static images. */
export function mountedRoutes(): Route[] {
  const board = [appRoutes.entryPoint, ...appRoutes.api].flatMap((r) =>
    [r.route].flat().flatMap((path) =>
      [r.method].flat().map((method) => ({
        method: String(method).toUpperCase(),
        path: `${QUEUES_PATH}${path === '/' ? '' : path}`,
      })),
    ),
  );
  const docs = [
    '',
    '/init.js',
    '/openapi.json',
    '/assets/swagger-ui.css',
    '/assets/swagger-ui-bundle.js',
  ].map((p) => ({ method: 'GET', path: `/api/docs${p}` }));
  // Images emails show (src/http/static-assets.ts): one real file and one that is not there.
  const assets = ['/static/prompts/goals-moodboard.png', '/static/no-such-file.png'].map((path) => ({
    method: 'GET',
    path,
  }));
  return [...board, ...docs, ...assets];
}

export function allRoutes(app: INestApplicationContext): Route[] {
  return [...nestRoutes(app), ...mountedRoutes()];
}

/** A concrete URL: each placeholder filled with `fill` (a fresh UUID by default). */
export function urlOf(route: Route, fill: () => string = () => randomUUID()): string {
  return route.path.replace(/:[A-Za-z]+/g, fill);
}
