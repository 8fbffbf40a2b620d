import type { AppConfig } from '../../config/app-config';
import { checkRecords, type DnsResolver, type RecordStatus } from '../../deliverability/dns-check';
import { configurationNotes, expectedRecords } from '../../deliverability/dns-records';

/** A TXT value as zone files take it: strings of at most 255 characters, which resolvers join. */
const quotedTxt = (value: string) => (value.match(/.{1,255}/g) ?? []).map((s) => `"${s}"`).join(' ');

/** `dns:records`: each record as a zone-file line, with why it is there, then what config lacks. */
export function dnsRecordsLines(config: AppConfig): string[] {
  const env = config.env;
  const lines = [`DNS records for ${env.RELAY_DOMAIN} (MAIL_TRANSPORT=${env.MAIL_TRANSPORT}):`, ''];
  for (const r of expectedRecords(config)) {
    lines.push(`; ${r.purpose}${r.optional ? ' (optional)' : ''}`);
    lines.push(`${r.name}.\tIN\t${r.type}\t${r.type === 'TXT' ? quotedTxt(r.value) : `${r.value}.`}`);
    lines.push('');
  }
  const notes = configurationNotes(config);
  if (notes.length) lines.push('Notes:', ...notes.map((n) => `  - ${n}`));
  lines.push(`Check them with: npm run cli -- dns:check`);
  return lines;
}

const MARK: Record<RecordStatus, string> = {
  ok: 'ok',
  missing: 'MISSING',
  wrong: 'WRONG',
  unresolved: 'UNRESOLVED',
};

/** `dns:check`: one line per record, and whether all the required ones are right (the exit code). */
export async function dnsCheckLines(
  config: AppConfig,
  resolver: DnsResolver,
): Promise<{ ok: boolean; lines: string[] }> {
  const result = await checkRecords(resolver, expectedRecords(config));
  const lines = result.records.map((c) => {
    const head = `${MARK[c.status].padEnd(10)} ${c.record.type.padEnd(5)} ${c.record.name}`;
    const optional = c.status !== 'ok' && c.record.optional ? ' (optional)' : '';
    return c.status === 'ok'
      ? head
      : `${head}${optional}: ${c.detail}\n${' '.repeat(11)}publish: ${c.record.value}`;
  });
  const bad = result.records.filter((c) => c.status !== 'ok' && !c.record.optional).length;
  lines.push(bad === 0 ? 'All required records are published.' : `${bad} record(s) missing or wrong.`);
  return { ok: result.ok, lines };
}
