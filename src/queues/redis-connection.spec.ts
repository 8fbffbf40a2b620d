import { configProblems as problems, TEST_SECRET as SECRET } from '../../test/support/config-problems';
import { AppConfig } from '../config/app-config';
import { redisConnection, redisUrlOptions } from './redis-connection';


describe('redisUrlOptions', () => {
  it('reads host, port, credentials and database, and rediss:// as TLS (Bull alone ignores the scheme)', () => {
    expect(redisUrlOptions('redis://127.0.0.1:6379')).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisUrlOptions('rediss://app:p%40ss@redis.internal:6380/2')).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: 'app',
      password: 'p@ss',
      db: 2,
      tls: {},
    });
    expect(redisUrlOptions('redis://:secret@[::1]')).toEqual({ host: '::1', port: 6379, password: 'secret' });
  });
});

describe('redisConnection', () => {
  const env = (extra: Record<string, string>) => AppConfig.fromEnvironment({ ...SECRET, ...extra }).env;

  it('asks the sentinels for the primary, with the credentials and database of REDIS_URL', () => {
    const connection = redisConnection(
      env({
        REDIS_URL: 'rediss://:pw@ignored:1/3',
        REDIS_SENTINELS: 'sentinel-a:26379, [fd00::5]:26380',
        REDIS_SENTINEL_NAME: 'mm',
        REDIS_SENTINEL_PASSWORD: 'spw',
      }),
    );
    expect(connection.options).toEqual({
      redis: {
        password: 'pw',
        db: 3,
        tls: {},
        sentinels: [
          { host: 'sentinel-a', port: 26379 },
          { host: 'fd00::5', port: 26380 },
        ],
        name: 'mm',
        sentinelPassword: 'spw',
        enableTLSForSentinelMode: true,
      },
    });
    expect(connection.describe).toBe('Redis Sentinel group mm (sentinel-a:26379, fd00::5:26380)');
  });

  it('never logs the password of REDIS_URL', () => {
    expect(redisConnection(env({ REDIS_URL: 'redis://app:hunter2@redis:6379' })).describe).toBe(
      'Redis redis://***@redis:6379',
    );
  });
});

describe('Redis settings', () => {
  it('want a {hash tag} first in QUEUE_PREFIX on a Cluster, and not Sentinel and Cluster at once', () => {
    const nodes = { REDIS_CLUSTER_NODES: 'redis-1:6379,redis-2:6379' };
    expect(problems(nodes)).toEqual([
      'QUEUE_PREFIX: must start with a {hash tag} on a Redis Cluster (REDIS_CLUSTER_NODES), e.g. {mm}; got "mentormail"',
    ]);
    expect(problems({ ...nodes, QUEUE_PREFIX: '{mm}' })).toEqual([]);
    expect(problems({ ...nodes, QUEUE_PREFIX: '{mm}', REDIS_SENTINELS: 's:26379' })).toEqual([
      'REDIS_CLUSTER_NODES: set REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both',
    ]);
  });

  it('refuses a node that is not host:port', () => {
    expect(problems({ REDIS_SENTINELS: 'sentinel-a' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS\.0: not host:port: sentinel-a$/),
    ]);
    expect(problems({ REDIS_CLUSTER_NODES: 'r:99999', QUEUE_PREFIX: '{mm}' })).toHaveLength(1);
  });
});
