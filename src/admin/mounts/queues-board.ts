import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bull';
import type { Router } from 'express';

export const QUEUES_PATH = '/admin/queues';

/** bull-board over every queue, as an express router to mount at QUEUES_PATH. */
export function queuesBoard(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullAdapter(q)), serverAdapter });
  return serverAdapter.getRouter() as Router;
}
