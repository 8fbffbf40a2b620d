import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { entityFromRow, type JsonRow } from './json-rows';

/** Where a pg statement runs: a connection of TypeORM's pool, or a transaction's own. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

/**
 * The one way below TypeORM. The hot paths (every inbound email, every relayed copy, every digest)
 * run named prepared statements (`{ name, text, values }`): each pooled connection plans them once,
 * which the query builder cannot do. The pg connection comes from TypeORM's own pool through its
 * public `QueryRunner.connect()` (never the driver's private `master` pool): borrowed for one
 * statement, or the transaction's connection when there is one. Measured against a pg Pool of our
 * own (README, Architecture), the borrow costs nothing we could see, and a second pool would double
 * every process's PostgreSQL connections.
 *
 * With DATABASE_PREPARED_STATEMENTS=false the names are dropped here, in the one place every
 * statement passes, so a pooler that hands each transaction another server connection never sees
 * a statement prepared on a connection it is not using.
 */
@Injectable()
export class DatabaseToolkit {
  private readonly borrowed: Queryable = {
    query: async <R extends QueryResultRow>(config: QueryConfig) => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await ((await runner.connect()) as PoolClient).query<R>(this.statement(config));
      } finally {
        await runner.release();
      }
    },
  };
  private readonly named: boolean;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.named = config.env.DATABASE_PREPARED_STATEMENTS;
  }

  private statement(config: QueryConfig): QueryConfig {
    if (this.named || config.name === undefined) return config;
    const { name: _name, ...unnamed } = config;
    return unnamed;
  }

  /** Runs each statement on a connection of TypeORM's pool, returned as soon as it is done. */
  pool(): Queryable {
    return this.borrowed;
  }

  /** The transaction's own connection when there is one, else the pool. */
  async client(tx?: EntityManager): Promise<Queryable> {
    if (!tx?.queryRunner) return this.borrowed;
    const client = (await tx.queryRunner.connect()) as PoolClient;
    if (this.named) return client;
    return {
      query: <R extends QueryResultRow>(config: QueryConfig) => client.query<R>(this.statement(config)),
    };
  }

  /** A row (pg's, or `to_jsonb`'s with ISO dates) as the entity TypeORM would have built. */
  toEntity<T extends object>(entity: new () => T, row: JsonRow): T {
    return entityFromRow(this.dataSource.manager, entity, row);
  }
}
