import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { entityFromRow, type JsonRow } from './json-rows';

/**
 * The one way below TypeORM. The hot paths (every inbound email, every relayed copy, every digest)
 * run named prepared statements (`{ name, text, values }`): each pooled connection plans them once.
 * TypeORM keeps its pg pool in a field it does not document (`driver.master`), so we open our own
 * pool from the same connection options through pg's public API, lazily, and end it at shutdown.
 * Inside a transaction the statements run on the transaction's own connection, which
 * `QueryRunner.connect()` hands out publicly.
 */
@Injectable()
export class DatabaseToolkit implements OnApplicationShutdown {
  private hotPool?: Pool;

  constructor(private readonly dataSource: DataSource) {}

  /** A pg pool on the same database as TypeORM's, for statements outside a transaction. */
  pool(): Pool {
    if (!this.hotPool) {
      const options = this.dataSource.options as { url?: string; extra?: { max?: number } };
      this.hotPool = new Pool({ connectionString: options.url, max: options.extra?.max });
    }
    return this.hotPool;
  }

  /** The transaction's own connection when there is one, else the pool. */
  async client(tx?: EntityManager): Promise<Pool | PoolClient> {
    if (tx?.queryRunner) return (await tx.queryRunner.connect()) as PoolClient;
    return this.pool();
  }

  /** A row (pg's, or `to_jsonb`'s with ISO dates) as the entity TypeORM would have built. */
  toEntity<T extends object>(entity: new () => T, row: JsonRow): T {
    return entityFromRow(this.dataSource.manager, entity, row);
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.hotPool;
    this.hotPool = undefined;
    await pool?.end();
  }
}
