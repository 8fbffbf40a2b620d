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
  let parentIndex = threadIndexRoot(ordered[0].createdAt, threadId);
  if (ordered[0].id === messageId) return parentIndex;
  for (let i = 1; i < ordered.length; i++) {
    const child = threadIndexChild(parentIndex, ordered[i - 1].createdAt, ordered[i].createdAt);
    if (ordered[i].id === messageId) return child;
    if (i < MAX_THREAD_DEPTH) parentIndex = child;
  }
  throw new Error(`message ${messageId} is not in thread ${threadId}`);
}
