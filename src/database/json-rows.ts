import type { EntityManager } from 'typeorm';

export type JsonRow = Record<string, unknown>;

const DATE_TYPES = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'date']);

/**
 * A row read as JSON (`to_jsonb(t)`: snake_case keys, ISO dates) as the entity TypeORM would
 * have built. Queries that gather several tables in one round trip return their rows this way.
 */
export function entityFromJson<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  row: JsonRow,
): T {
  const out = new entity() as JsonRow;
  for (const column of manager.connection.getMetadata(entity).columns) {
    const value = row[column.databaseName];
    if (value === undefined) continue;
    out[column.propertyName] =
      typeof value === 'string' && DATE_TYPES.has(String(column.type)) ? new Date(value) : value;
  }
  return out as T;
}
