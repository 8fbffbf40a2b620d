import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bull';
import type { Express, Router } from 'express';

export const QUEUES_PATH = '/admin/queues';

type Render = (path: string, data: object, done: (error: Error | null, html?: string) => void) => void;

/** bull-board's page links IBM Plex from Google Fonts: staff IPs would leak to Google on every visit. */
const REMOTE_STYLESHEET = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/gi;

/** bull-board over every queue, as an express router to mount at QUEUES_PATH. */
export function queuesBoard(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullAdapter(q)), serverAdapter });
  const board = serverAdapter.getRouter() as Express;
  // Its own template engine, wrapped so the page it renders refers to this origin only (the
  // board falls back to the system font); the rest of its markup stays bull-board's.
  const engines = (board as unknown as { engines: Record<string, Render> }).engines;
  const render = engines['.ejs'];
  board.engine('ejs', (path, data, done) => {
    render(path, data, (error, html) => done(error, html?.replace(REMOTE_STYLESHEET, '')));
  });
  return board;
}
