import { threadIndexChild, threadIndexRoot } from '../mime';

/** Beyond this depth replies become siblings: Outlook still groups them, the header stays short. */
export const MAX_THREAD_DEPTH = 40;

/**
 * Thread-Index of one message of a thread: the root from the thread id and its first message's
 * time, then one child block per later message, in thread order. Derived only from stored rows,
 * so every copy of a message, on any worker and on any retry, carries the same value.
 */
export function threadIndexFor(
  threadId: string,
  messages: readonly { id: string; createdAt: Date }[],
  messageId: string,
): string {
  const ordered = [...messages].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (ordered.length === 0) throw new Error('thread has no messages');
  const known = chains.get(threadId) ?? [];
  const chain: Step[] = [];
  let parentIndex = '';
  // A step depends on the thread, the steps before it, and its own and its predecessor's times:
  // while every message so far is the one remembered at its place, so is the value.
  let reuse = true;
  for (let i = 0; i < ordered.length; i++) {
    const { id, createdAt } = ordered[i];
    const at = createdAt.getTime();
    reuse &&= i < known.length && known[i].id === id && known[i].at === at;
    const index = reuse
      ? known[i].index
      : i === 0
        ? threadIndexRoot(createdAt, threadId)
        : threadIndexChild(parentIndex, ordered[i - 1].createdAt, createdAt);
    chain.push({ id, at, index });
    if (id === messageId) {
      remember(threadId, chain, known);
      return index;
    }
    if (i < MAX_THREAD_DEPTH) parentIndex = index;
  }
  throw new Error(`message ${messageId} is not in thread ${threadId}`);
}

interface Step {
  id: string;
  at: number;
  index: string;
}

/** Threads whose chains are remembered: a chain is at most ~45 steps, ~8 KB in a long thread. */
const REMEMBERED_THREADS = 1_000;
const chains = new Map<string, Step[]>();

/**
 * Every copy walks its thread's chain from the root, one step per earlier message (up to
 * MAX_THREAD_DEPTH, ~12 us a step: half a millisecond a copy in a long thread), and the next
 * message of the thread walks the same steps again. So the steps walked last are kept per thread,
 * the longer of the new and the remembered chain when one extends the other.
 */
function remember(threadId: string, chain: Step[], known: Step[]): void {
  const keep =
    known.length > chain.length && chain.every((s, i) => s.index === known[i].index) ? known : chain;
  chains.delete(threadId);
  // Oldest first out: a Map iterates in insertion order.
  if (chains.size >= REMEMBERED_THREADS) chains.delete(chains.keys().next().value!);
  chains.set(threadId, keep);
}
