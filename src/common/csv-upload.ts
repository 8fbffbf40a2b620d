import { decode } from 'iconv-lite';

/** How an uploaded CSV file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The text of an uploaded CSV file. Spreadsheets save CSV in more than UTF-8: Excel's "CSV UTF-8"
 * starts with a byte order mark, its plain "CSV" is the system's ANSI code page (windows-1252 on
 * Western systems, the commonest case), and "Unicode Text" is UTF-16 with a byte order mark.
 * Decoding every file as UTF-8 turned "José" into "Jos\uFFFD", silently, in every email to him.
 * No guessing by statistics: a file that is valid UTF-8 is UTF-8, and the rest is windows-1252,
 * which decodes every byte; the preview says so, so staff check the names before importing.
 */
export function decodeCsvUpload(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  const encoding = encodingOf(bytes);
  // Node 20's TextDecoder reads 'windows-1252' as ISO-8859-1, so curly quotes and the euro sign
  // (0x80 to 0x9F) became control characters; iconv-lite has the real code page. TextDecoder
  // drops a byte order mark of its own encoding.
  const text =
    encoding === 'windows-1252' ? decode(bytes, 'windows-1252') : new TextDecoder(encoding).decode(bytes);
  return { text, encoding };
}

function encodingOf(bytes: Buffer): CsvEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}
