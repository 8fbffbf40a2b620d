import { randomBytes } from 'node:crypto';

/**
 * A delivery status notification (RFC 3464) as an MTA writes it: multipart/report with a
 * message/delivery-status part naming the failed recipient, and the returned headers.
 */
export function buildDsn(opts: {
  to: string;
  finalRecipient: string;
  status?: string;
  originalMessageId?: string;
}): { raw: string; messageId: string } {
  const messageId = `${randomBytes(8).toString('hex')}@mx.receiver.example`;
  const boundary = `dsn${randomBytes(6).toString('hex')}`;
  const status = opts.status ?? '5.1.1';
  const raw = [
    'From: Mail Delivery System <MAILER-DAEMON@mx.receiver.example>',
    `To: <${opts.to}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered.',
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.receiver.example',
    '',
    `Final-Recipient: rfc822; ${opts.finalRecipient}`,
    'Action: failed',
    `Status: ${status}`,
    `Diagnostic-Code: smtp; 550 ${status} User unknown`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: <${opts.originalMessageId ?? 'unknown@relay.localhost'}>`,
    'Subject: Hello',
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { raw, messageId };
}
