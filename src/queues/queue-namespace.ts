/**
 * The Bull prefix of every Redis key this deployment writes: QUEUE_PREFIX, then the database's
 * deployment id. Two deployments (two databases) on one Redis with the same QUEUE_PREFIX then
 * use disjoint keys, so neither can take the other's jobs; all processes of one deployment read
 * the same id and share their queues. A `{hash tag}` in QUEUE_PREFIX stays first, so a Redis
 * Cluster still keeps every key of a queue in one slot.
 */
export function queueNamespace(queuePrefix: string, deploymentId: string): string {
  return `${queuePrefix}:${deploymentId}`;
}
