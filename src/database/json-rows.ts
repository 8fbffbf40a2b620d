import type { EntityManager } from 'typeorm';

export type JsonRow = Record<string, unknown>;

const DATE_TYPES = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'date']);

/**
 * A row, keyed by column (snake_case), as the entity TypeORM would have built. It reads both pg's
 * rows and rows read as JSON (`to_jsonb(t)`, dates as ISO strings), which queries that gather
 * several tables in one round trip return. Columns the row does not carry stay unset.
 */
export function entityFromRow<T extends object>(manager: EntityManager, entity: new () => T, row: JsonRow): T {
  const out = new entity() as JsonRow;
  for (const column of manager.connection.getMetadata(entity).columns) {
    const value = row[column.databaseName];
    if (value === undefined) continue;
    out[column.propertyName] =
      typeof value === 'string' && DATE_TYPES.has(String(column.type)) ? new Date(value) : value;
  }
  return out as T;
}
