import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** By header, lower-cased with spaces as `_` (`Preferred Name` -> `preferred_name`). */
  record: Record<string, string>;
  /** The line the record ends on, for problems tied to their line. */
  info: { lines: number };
}

/** A staff CSV (an import, invitations): its records, or why it cannot be read at all. */
export function readCsvRecords(text: string): { records: CsvRecord[] } | { error: string } {
  try {
    const records: CsvRecord[] = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_')),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
    return { records };
  } catch (error) {
    return { error: `Cannot read the CSV: ${(error as Error).message}` };
  }
}
