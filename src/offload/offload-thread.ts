// The entry of an offload thread (see OffloadService): runs the tasks it is sent, any number at once.
import { parentPort } from 'node:worker_threads';
import { crossError, OFFLOAD_TASKS, type OffloadTask } from './offload-tasks';

export interface TaskMessage {
  id: number;
  task: OffloadTask;
  input: unknown;
}

parentPort!.on('message', ({ id, task, input }: TaskMessage) => {
  Promise.resolve()
    .then(() => (OFFLOAD_TASKS[task] as (input: unknown) => unknown)(input))
    .then(
      (output) => parentPort!.postMessage({ id, output }),
      (error: unknown) => parentPort!.postMessage({ id, error: crossError(error) }),
    );
});
