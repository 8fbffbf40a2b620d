import { readFile } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { AppConfig } from '../../config/app-config';
import { IntakeService } from '../../inbound/intake.service';

/** Injects an .eml as if it had been received, through exactly the same pipeline as SMTP and SES. */
export async function injectInbound(
  app: INestApplicationContext,
  file: string,
  recipient?: string,
): Promise<{ id: string; recipient: string; duplicateOf: string | null }[]> {
  const raw = await readFile(file);
  const domain = app.get(AppConfig).env.RELAY_DOMAIN.toLowerCase();
  let recipients = recipient ? [recipient] : [];
  if (recipients.length === 0) {
    const parsed = await simpleParser(raw);
    const all = [parsed.to, parsed.cc]
      .flat()
      .flatMap((a) => (a ? a.value : []))
      .map((v) => v.address?.toLowerCase() ?? '');
    recipients = [...new Set(all.filter((a) => a.endsWith(`@${domain}`)))];
  }
  if (recipients.length === 0) throw new Error(`no @${domain} recipient in ${file}; pass --to`);
  const intake = app.get(IntakeService);
  const out = [];
  for (const to of recipients) {
    const receipt = await intake.receive({ source: 'cli', raw, recipient: to, envelopeFrom: null });
    out.push({ ...receipt, recipient: to });
  }
  return out;
}
