// planer ships no type declarations; this is the one call the reply benchmark makes.
declare module 'planer' {
  export function extractFrom(body: string, contentType: string, dom?: unknown): string;
}
