/**
 * A jsonb column's value. `any` inside on purpose: TypeORM's deep-partial update types cannot
 * follow `unknown`, and these values are always produced and read by our own code.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = { [key: string]: any };
