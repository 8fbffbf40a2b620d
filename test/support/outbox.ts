import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface OutboxEmail {
  file: string;
  raw: string;
  parsed: ParsedMail;
}

/** Every .eml the file transport wrote, parsed back. */
export async function readOutbox(dir: string): Promise<OutboxEmail[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(join(dir, file), 'utf8');
      return { file, raw, parsed: await simpleParser(raw) };
    }),
  );
}

export function toAddress(mail: ParsedMail): string | undefined {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address?.toLowerCase();
}
