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

/** A Message-ID without its angle brackets. */
export const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

/** The properties of the one VEVENT of an .ics attachment, unfolded. */
export function icsOf(mail: OutboxEmail): Record<string, string> {
  const file = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  if (!file) throw new Error(`no .ics in "${mail.parsed.subject}"`);
  const props: Record<string, string> = {};
  for (const line of file.content
    .toString('utf8')
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) props[line.slice(0, colon).split(';')[0]] ??= line.slice(colon + 1);
  }
  return props;
}
