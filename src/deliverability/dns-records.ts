import type { AppConfig } from '../config/app-config';

/**
 * One record the deployer publishes for RELAY_DOMAIN, and how dns:check recognises it: `expect`
 * is what must be found at `name` (an MX host, a CNAME target, or the TXT record's tags).
 */
export interface DnsRecord {
  /** A stable name for the record, used by dns:check, the admin card and the README alike. */
  id: RecordId;
  type: 'MX' | 'TXT' | 'CNAME';
  name: string;
  /** The value to publish, as a zone file would hold it. */
  value: string;
  /** Optional records are reported but never make a check fail. */
  optional: boolean;
  /** Why it is there, printed beside it. */
  purpose: string;
}

export type RecordId =
  | 'mx'
  | 'spf'
  | 'dmarc'
  | `dkim:${string}`
  | `ses-dkim:${string}`
  | 'mail-from-mx'
  | 'mail-from-spf'
  | 'tls-rpt';

/** SES's inbound endpoint of a region (receiving is offered in a few regions only). */
export const sesInboundHost = (region: string) => `inbound-smtp.${region}.amazonaws.com`;
/** Where SES's custom MAIL FROM domain points its MX, to receive the bounces. */
export const sesFeedbackHost = (region: string) => `feedback-smtp.${region}.amazonses.com`;

/** The DMARC record: `v=DMARC1; p=...; rua=...`. Relaxed alignment: SES's MAIL FROM is a subdomain. */
function dmarcValue(config: AppConfig): string {
  const rua = config.env.DMARC_REPORT_ADDRESS;
  return `v=DMARC1; p=${config.env.DMARC_POLICY}${rua ? `; rua=mailto:${rua}` : ''}`;
}

/**
 * SPF for the relay domain. Over SMTP and the file outbox, the envelope sender is our own
 * per-delivery return path on RELAY_DOMAIN (bounce-...@RELAY_DOMAIN, see bounce-address.ts), so
 * this record is the one SPF checks; it must name the hosts that send (SPF_SENDERS, by default the
 * outbound relay's name). With SES the envelope sender is the MAIL FROM domain, which has its own.
 */
function spfSenders(config: AppConfig): string {
  const env = config.env;
  if (env.SPF_SENDERS) return env.SPF_SENDERS;
  if (env.MAIL_TRANSPORT === 'ses') return 'include:amazonses.com';
  if (env.MAIL_TRANSPORT === 'smtp' && env.OUTBOUND_SMTP_HOST) return `a:${env.OUTBOUND_SMTP_HOST}`;
  return 'mx';
}

/** Inbound: SES receiving when SNS topics are configured, otherwise our own SMTP listener. */
function mxHost(config: AppConfig): string {
  const env = config.env;
  if (env.MX_HOST) return env.MX_HOST;
  if (env.SNS_TOPIC_ARNS.length > 0 && env.AWS_REGION) return sesInboundHost(env.AWS_REGION);
  return env.RELAY_DOMAIN;
}

export function sesMailFromDomain(config: AppConfig): string {
  return config.env.SES_MAIL_FROM_DOMAIN ?? `bounce.${config.env.RELAY_DOMAIN}`;
}

/** Every record to publish for the configured RELAY_DOMAIN and transport, in the order to read them. */
export function expectedRecords(config: AppConfig): DnsRecord[] {
  const env = config.env;
  const domain = env.RELAY_DOMAIN;
  const records: DnsRecord[] = [
    {
      id: 'mx',
      type: 'MX',
      name: domain,
      value: `10 ${mxHost(config)}`,
      optional: false,
      purpose: 'replies to relay addresses reach MentorMail',
    },
    {
      id: 'spf',
      type: 'TXT',
      name: domain,
      value: `v=spf1 ${spfSenders(config)} ~all`,
      optional: false,
      purpose: 'SPF: the hosts that may send as the relay domain',
    },
  ];
  if (env.MAIL_TRANSPORT === 'ses') {
    for (const token of env.SES_DKIM_TOKENS) {
      records.push({
        id: `ses-dkim:${token}`,
        type: 'CNAME',
        name: `${token}._domainkey.${domain}`,
        value: `${token}.dkim.amazonses.com`,
        optional: false,
        purpose: 'SES Easy DKIM: SES signs as the relay domain',
      });
    }
    const mailFrom = sesMailFromDomain(config);
    const region = env.AWS_REGION ?? 'us-east-1';
    records.push(
      {
        id: 'mail-from-mx',
        type: 'MX',
        name: mailFrom,
        value: `10 ${sesFeedbackHost(region)}`,
        optional: false,
        purpose: 'SES custom MAIL FROM: bounces come back to SES',
      },
      {
        id: 'mail-from-spf',
        type: 'TXT',
        name: mailFrom,
        value: 'v=spf1 include:amazonses.com ~all',
        optional: false,
        purpose: 'SES custom MAIL FROM: SPF passes aligned with the relay domain',
      },
    );
  } else {
    for (const key of config.dkim?.keys ?? []) {
      records.push({
        id: `dkim:${key.selector}`,
        type: 'TXT',
        name: `${key.selector}._domainkey.${domain}`,
        value: `v=DKIM1; k=rsa; p=${key.publicKey}`,
        optional: false,
        purpose: `DKIM public key (${key.bits}-bit RSA) of selector ${key.selector}`,
      });
    }
  }
  records.push({
    id: 'dmarc',
    type: 'TXT',
    name: `_dmarc.${domain}`,
    value: dmarcValue(config),
    optional: false,
    purpose: 'DMARC: what receivers do with mail that fails SPF and DKIM, and where they report',
  });
  if (env.TLSRPT_ADDRESS) {
    records.push({
      id: 'tls-rpt',
      type: 'TXT',
      name: `_smtp._tls.${domain}`,
      value: `v=TLSRPTv1; rua=mailto:${env.TLSRPT_ADDRESS}`,
      optional: true,
      purpose: 'TLS-RPT: receivers report failed TLS deliveries to us',
    });
  }
  return records;
}

/** What dns:records prints besides the records: the gaps in the configuration that it cannot fill. */
export function configurationNotes(config: AppConfig): string[] {
  const env = config.env;
  const notes: string[] = [];
  if (env.MAIL_TRANSPORT === 'ses' && env.SES_DKIM_TOKENS.length === 0) {
    notes.push(
      'SES_DKIM_TOKENS is unset: set it to the three Easy DKIM tokens of the identity (aws sesv2 get-email-identity --email-identity RELAY_DOMAIN) to print and check their CNAMEs.',
    );
  }
  if (env.MAIL_TRANSPORT !== 'ses' && !config.dkim) {
    notes.push(
      'No DKIM key (DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE): mail goes out unsigned and DMARC rests on SPF alone.',
    );
  }
  if (!env.DMARC_REPORT_ADDRESS) {
    notes.push(
      'DMARC_REPORT_ADDRESS is unset: receivers send no aggregate reports (rua), so failures go unseen.',
    );
  }
  if (env.MAIL_TRANSPORT === 'smtp' && !env.SPF_SENDERS) {
    notes.push(
      `SPF_SENDERS is unset: SPF names the outbound relay by its name (a:${env.OUTBOUND_SMTP_HOST}); list the addresses it really sends from if they differ.`,
    );
  }
  return notes;
}
