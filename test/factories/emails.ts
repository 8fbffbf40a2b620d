import { randomBytes } from 'node:crypto';

export interface SimpleEmail {
  from: string;
  fromName?: string;
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  /** A plain-text file attached beside the text (not with `html`). */
  file?: { name: string; content: string };
}

/** A small, valid RFC 5322 message as a participant's mail client would send it. */
export function buildEmail(e: SimpleEmail): { raw: string; messageId: string } {
  const messageId = e.messageId ?? `${randomBytes(8).toString('hex')}@${e.from.split('@')[1]}`;
  const headers = [
    `From: ${e.fromName ? `"${e.fromName}" ` : ''}<${e.from}>`,
    `To: <${e.to}>`,
    `Subject: ${e.subject ?? 'Hello'}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${messageId}>`,
    ...(e.inReplyTo ? [`In-Reply-To: <${e.inReplyTo}>`] : []),
    ...(e.references?.length ? [`References: ${e.references.map((r) => `<${r}>`).join(' ')}`] : []),
    ...Object.entries(e.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
  ];
  if (e.html) {
    const boundary = `b${randomBytes(6).toString('hex')}`;
    const body = [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      e.text ?? '',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      e.html,
      `--${boundary}--`,
    ];
    return {
      raw: [...headers, `Content-Type: multipart/alternative; boundary="${boundary}"`, '', ...body, ''].join(
        '\r\n',
      ),
      messageId,
    };
  }
  if (e.file) {
    const boundary = `b${randomBytes(6).toString('hex')}`;
    const body = [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      e.text ?? '',
      `--${boundary}`,
      `Content-Type: text/plain; name="${e.file.name}"`,
      `Content-Disposition: attachment; filename="${e.file.name}"`,
      '',
      e.file.content,
      `--${boundary}--`,
    ];
    return {
      raw: [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...body, ''].join(
        '\r\n',
      ),
      messageId,
    };
  }
  return {
    raw: [...headers, 'Content-Type: text/plain; charset=utf-8', '', e.text ?? 'Hello!', ''].join('\r\n'),
    messageId,
  };
}
