/**
 * CSV for spreadsheets staff open: RFC 4180 quoting, and formula injection defused. A cell that a
 * spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return that some
 * import paths strip before looking) gets a leading apostrophe, so a participant's name or survey
 * comment like `=HYPERLINK(...)` shows as text instead of running (OWASP "CSV Injection").
 */
export function csvCell(
  value: string | number | boolean | Date | null | undefined,
  delimiter: CsvDelimiter = ',',
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const quote = /["\r\n]/.test(text) || text.includes(delimiter) || text !== text.trim();
  return quote ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A comma, or a semicolon: Excel opens a CSV file with the list separator of the computer's
 * region, which is a semicolon wherever a comma writes decimals (German, French, Spanish...), and
 * there a comma-separated file lands in one column.
 */
export type CsvDelimiter = ',' | ';';

/** Header line and rows, CRLF-separated as RFC 4180 says, with a BOM so Excel reads UTF-8 names. */
export function csv(
  header: readonly string[],
  rows: readonly (readonly Parameters<typeof csvCell>[0][])[],
  delimiter: CsvDelimiter = ',',
): string {
  const line = (r: readonly Parameters<typeof csvCell>[0][]) =>
    r.map((v) => csvCell(v, delimiter)).join(delimiter);
  return `\uFEFF${[header, ...rows].map(line).join('\r\n')}\r\n`;
}
