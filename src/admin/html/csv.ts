/**
 * CSV for spreadsheets staff open: RFC 4180 quoting, and formula injection defused. A cell that a
 * spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return that some
 * import paths strip before looking) gets a leading apostrophe, so a participant's name or survey
 * comment like `=HYPERLINK(...)` shows as text instead of running (OWASP "CSV Injection").
 */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line and rows, CRLF-separated as RFC 4180 says, with a BOM so Excel reads UTF-8 names. */
export function csv(
  header: readonly string[],
  rows: readonly (readonly Parameters<typeof csvCell>[0][])[],
): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
