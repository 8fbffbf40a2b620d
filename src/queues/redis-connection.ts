import type { QueueOptions } from 'bull';
import { Cluster } from 'ioredis';
import type { Env } from '../config/env.schema';

/** The connection fields read from REDIS_URL; plain values, so both ioredis majors accept them. */
export interface RedisUrlOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
}

/** A connection as Bull's typings name it (Bull's own ioredis 5, not the ioredis 6 we build Clusters with). */
type BullClient = ReturnType<NonNullable<QueueOptions['createClient']>>;

export interface HostPort {
  host: string;
  port: number;
}

/**
 * REDIS_URL as ioredis options. Bull reads a URL string itself but ignores its scheme, so
 * `rediss://` would connect without TLS; read here, `rediss://` means TLS.
 */
export function redisUrlOptions(url: string): RedisUrlOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** What Bull needs to reach the configured Redis: one server, a Sentinel group, or a Cluster. */
export interface RedisConnection {
  options: Pick<QueueOptions, 'redis' | 'createClient'>;
  /** Closes what Bull does not close itself (the connections made by `createClient`). */
  close(): Promise<void>;
  describe: string;
}

/**
 * One server (REDIS_URL); a Sentinel group (REDIS_SENTINELS and REDIS_SENTINEL_NAME: ioredis asks
 * the sentinels for the current master and follows a failover); or a Cluster (REDIS_CLUSTER_NODES).
 * In the last two, REDIS_URL gives only the credentials, the TLS scheme and (Sentinel) the database.
 */
export function redisConnection(
  env: Pick<
    Env,
    | 'REDIS_URL'
    | 'REDIS_SENTINELS'
    | 'REDIS_SENTINEL_NAME'
    | 'REDIS_SENTINEL_PASSWORD'
    | 'REDIS_CLUSTER_NODES'
  >,
): RedisConnection {
  const { host: _host, port: _port, ...credentials } = redisUrlOptions(env.REDIS_URL);
  if (env.REDIS_SENTINELS.length > 0) {
    return {
      options: {
        redis: {
          ...credentials,
          sentinels: env.REDIS_SENTINELS,
          name: env.REDIS_SENTINEL_NAME,
          ...(env.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: env.REDIS_SENTINEL_PASSWORD } : {}),
          ...(credentials.tls ? { enableTLSForSentinelMode: true } : {}),
        },
      },
      close: async () => undefined,
      describe: `Redis Sentinel group ${env.REDIS_SENTINEL_NAME} (${hostList(env.REDIS_SENTINELS)})`,
    };
  }
  if (env.REDIS_CLUSTER_NODES.length > 0) return clusterConnection(env.REDIS_CLUSTER_NODES, credentials);
  return {
    options: { redis: redisUrlOptions(env.REDIS_URL) },
    close: async () => undefined,
    describe: `Redis ${env.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}`,
  };
}

/**
 * A Cluster needs Bull's `createClient`: Bull then leaves these connections open at close, so they
 * are kept here and closed after the queues. Bull's blocking and subscriber connections must not
 * retry commands or wait for a ready check (Bull refuses them otherwise). Every key of a queue must
 * hash to one slot, which the `{hash tag}` at the start of QUEUE_PREFIX ensures (checked at boot).
 *
 * The Cluster is ioredis 6, Bull's own connections ioredis 5: ioredis 5's Cluster subscriber sends
 * its ready check (INFO) after Bull's SUBSCRIBE, which Redis refuses and which ended in an uncaught
 * exception (ioredis issue 2037, fixed in 6). RESP2 is kept because Bull's scripts and replies are
 * written for it. Bull uses a client only through its commands, so the cast crosses typings only.
 */
function clusterConnection(
  nodes: HostPort[],
  credentials: Omit<RedisUrlOptions, 'host' | 'port'>,
): RedisConnection {
  const { db: _db, ...redisOptions } = credentials;
  const clients: Cluster[] = [];
  return {
    options: {
      createClient: (type) => {
        const client = new Cluster(nodes, {
          redisOptions:
            type === 'client'
              ? { ...redisOptions, protocol: 2 }
              : { ...redisOptions, protocol: 2, maxRetriesPerRequest: null, enableReadyCheck: false },
        });
        clients.push(client);
        return client as unknown as BullClient;
      },
    },
    close: async () => {
      await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
    },
    describe: `Redis Cluster (${hostList(nodes)})`,
  };
}

function hostList(nodes: HostPort[]): string {
  return nodes.map((n) => `${n.host}:${n.port}`).join(', ');
}
