import { createTransport } from 'nodemailer';

export interface SendOptions {
  host: string;
  port: number;
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
}

/** Speaks real SMTP to the listener, as a participant's mail provider would. */
export async function sendViaSmtp(o: SendOptions): Promise<string> {
  const transport = createTransport({ host: o.host, port: o.port, secure: false, ignoreTLS: true });
  const bare = o.inReplyTo?.replace(/^<|>$/g, '');
  const info = await transport.sendMail({
    from: o.from,
    to: o.to,
    subject: o.subject,
    text: o.text,
    ...(bare ? { inReplyTo: `<${bare}>`, references: [`<${bare}>`] } : {}),
  });
  transport.close();
  return `${info.response} (Message-ID ${info.messageId})`;
}
