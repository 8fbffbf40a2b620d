import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** By header, lower-cased with spaces as `_` (`Preferred Name` -> `preferred_name`). */
  record: Record<string, string>;
  /** The line the record ends on, for problems tied to their line. */
  info: { lines: number };
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The header line's delimiter: a comma, or what a spreadsheet wrote instead (Excel saves "CSV"
 * with semicolons where the decimal mark is a comma, as in most of Europe, and "Unicode Text"
 * with tabs). The one the header uses most, outside quotes; a comma when it uses none.
 */
export function csvDelimiter(text: string): (typeof DELIMITERS)[number] {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: (typeof DELIMITERS)[number] = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** A staff CSV (an import, invitations): its records, or why it cannot be read at all. */
export function readCsvRecords(text: string): { records: CsvRecord[] } | { error: string } {
  const body = text.replace(/^\uFEFF/, '');
  try {
    const records: CsvRecord[] = parse(body, {
      delimiter: csvDelimiter(body),
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
