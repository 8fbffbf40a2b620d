/**
 * The only place that imports nodemailer's `lib/*` modules; its main entry has no MIME builder.
 * These paths are public entry points: nodemailer 10 lists each of them in its package.json
 * `exports` map. What is not promised is the shape behind them: our one-pass serialiser
 * (outbound/mime/serialize-mime.ts) reads MimeNode's fields and calls the base64/qp encoders
 * directly for speed. The SMTP transport drives lib/smtp-connection (nodemailer's documented
 * low-level client) to choose the moment the final dot goes out. nodemailer-lib.spec.ts checks
 * every member we use and, when an upgrade changes one, fails naming it and the file that relies on it.
 */
import addressparser from 'nodemailer/lib/addressparser';
import * as base64 from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/** MailComposer's input: the message options of nodemailer's public API. */
export type { SendMailOptions as MailComposerOptions } from 'nodemailer';

export { addressparser, base64, MailComposer, qp, SMTPConnection };
export type { MimeNode };
