import { SesPayloadError } from './ses-payload.error';

/** Small typed readers for SES JSON so each parser states what it needs, and fails with the path that was wrong. */
export type JsonObject = Record<string, unknown>;

export function parseJsonObject(text: string, what: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SesPayloadError('invalid_json', `${what} is not JSON`);
  }
  return asObject(value, what);
}

export function asObject(value: unknown, path: string): JsonObject {
  if (value === undefined || value === null) throw new SesPayloadError('missing_field', path);
  if (typeof value !== 'object' || Array.isArray(value))
    throw new SesPayloadError('invalid_field', `${path} must be an object`);
  return value as JsonObject;
}

export function readString(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (value === undefined || value === null) throw new SesPayloadError('missing_field', `${path}.${key}`);
  if (typeof value !== 'string' || value === '')
    throw new SesPayloadError('invalid_field', `${path}.${key} must be a non-empty string`);
  return value;
}

export function readOptionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new SesPayloadError('invalid_field', `${path}.${key} must be a string`);
  return value;
}

export function readStringArray(object: JsonObject, key: string, path: string): string[] {
  const value = object[key];
  if (value === undefined || value === null) throw new SesPayloadError('missing_field', `${path}.${key}`);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new SesPayloadError('invalid_field', `${path}.${key} must be an array of strings`);
  }
  return value as string[];
}

export function readDate(object: JsonObject, key: string, path: string): Date {
  const text = readString(object, key, path);
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new SesPayloadError('invalid_field', `${path}.${key} is not a date`);
  return date;
}
