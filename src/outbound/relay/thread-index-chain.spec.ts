import { threadIndexChild, threadIndexRoot, threadIndexTime } from '../mime';
import { MAX_THREAD_DEPTH, threadIndexFor } from './thread-index-chain';

const at = (min: number) => new Date(Date.UTC(2026, 2, 1, 9, min));
const messages = Array.from({ length: 5 }, (_, i) => ({ id: `m${i}`, createdAt: at(i * 7) }));

describe('threadIndexFor', () => {
  it('grows by one 5-byte block per message and keeps the root', () => {
    const indexes = messages.map((m) => threadIndexFor('t1', messages, m.id));
    const lengths = indexes.map((i) => Buffer.from(i, 'base64').length);
    expect(lengths).toEqual([22, 27, 32, 37, 42]);
    for (let i = 1; i < indexes.length; i++) {
      const parent = Buffer.from(indexes[i - 1], 'base64');
      expect(Buffer.from(indexes[i], 'base64').subarray(0, parent.length).equals(parent)).toBe(true);
    }
    expect(threadIndexTime(indexes[3]).getTime()).toBe(threadIndexTime(indexes[0]).getTime());
  });

  it('is the same whatever order the rows come in, and differs between threads', () => {
    const shuffled = [messages[3], messages[0], messages[4], messages[1], messages[2]];
    expect(threadIndexFor('t1', shuffled, 'm3')).toBe(threadIndexFor('t1', messages, 'm3'));
    expect(threadIndexFor('t2', messages, 'm3')).not.toBe(threadIndexFor('t1', messages, 'm3'));
  });

  it('stops deepening after the maximum depth', () => {
    const many = Array.from({ length: MAX_THREAD_DEPTH + 5 }, (_, i) => ({ id: `x${i}`, createdAt: at(i) }));
    const last = threadIndexFor('t', many, `x${MAX_THREAD_DEPTH + 4}`);
    expect(Buffer.from(last, 'base64').length).toBe(22 + 5 * MAX_THREAD_DEPTH);
  });

  it('refuses a message outside the thread', () => {
    expect(() => threadIndexFor('t1', messages, 'nope')).toThrow();
  });
});

describe('threadIndexFor on the head and tail of a long thread', () => {
  it('gives the same value as the whole thread (what the relay composer loads)', () => {
    const start = Date.UTC(2026, 2, 1, 9, 0, 0);
    const all = Array.from({ length: 70 }, (_, i) => ({
      id: `m${i}`,
      createdAt: new Date(start + i * 3_600_000 + (i % 7) * 61_000),
    }));
    for (const [i, message] of all.entries()) {
      const head = all.slice(0, MAX_THREAD_DEPTH + 1);
      const tail = all.slice(Math.max(0, i - 1), i + 1);
      const subset = [
        ...new Map(
          [...head, ...tail].filter((m) => m.createdAt <= message.createdAt).map((m) => [m.id, m]),
        ).values(),
      ];
      expect(threadIndexFor('t1', subset, message.id)).toBe(threadIndexFor('t1', all, message.id));
    }
  });
});

/** The chain walked from the root every time, as threadIndexFor did before it remembered steps. */
function walked(threadId: string, messages: { id: string; createdAt: Date }[], messageId: string): string {
  const ordered = [...messages].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let parent = threadIndexRoot(ordered[0].createdAt, threadId);
  if (ordered[0].id === messageId) return parent;
  for (let i = 1; i < ordered.length; i++) {
    const child = threadIndexChild(parent, ordered[i - 1].createdAt, ordered[i].createdAt);
    if (ordered[i].id === messageId) return child;
    if (i < MAX_THREAD_DEPTH) parent = child;
  }
  throw new Error('not in thread');
}

describe('threadIndexFor with remembered chains', () => {
  it('gives the walked value whatever was asked before: other messages, subsets, edited times', () => {
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const start = Date.UTC(2026, 2, 1, 9, 0, 0);
    const threads = ['ta', 'tb', 'tc'].map((id) => ({
      id,
      messages: Array.from({ length: MAX_THREAD_DEPTH + 12 }, (_, i) => ({
        id: `${id}-m${i}`,
        createdAt: new Date(start + i * 3_600_000),
      })),
    }));
    for (let round = 0; round < 600; round++) {
      const { id, messages } = threads[random(3)];
      const upTo = random(messages.length);
      // Head and tail (what the composer loads), the whole thread, or a message whose time moved.
      const shape = random(3);
      let rows = messages.slice(0, upTo + 1);
      if (shape === 0) rows = [...rows.slice(0, MAX_THREAD_DEPTH + 1), ...rows.slice(-2)];
      if (shape === 2 && upTo > 1) {
        const moved = random(upTo);
        rows = rows.map((m, i) =>
          i === moved ? { ...m, createdAt: new Date(m.createdAt.getTime() + 60_000) } : m,
        );
      }
      rows = [...new Map(rows.map((m) => [m.id, m])).values()];
      const messageId = messages[upTo].id;
      expect(threadIndexFor(id, rows, messageId)).toBe(walked(id, rows, messageId));
    }
  });
});
