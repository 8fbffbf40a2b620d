import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AppConfig } from '../../config/app-config';
import { FeedbackService } from '../../outbound/feedback/feedback.service';
import { DeskRepository } from '../../desk/desk.repository';
import { parseBounceAddress } from '../../outbound/feedback/bounce-address';
import { IntakeService, RateLimitedError } from '../intake.service';
import { TlsReloader } from './tls-reloader';

class SmtpResponseError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/**
 * The SMTP door. Recipients are checked at RCPT (550 for anything but a pairing's relay address,
 * whatever its status, the notices address, or the return path of a delivery we sent, 451 over a
 * flood limit), size at DATA
 * (552), flood limits again at DATA (451), and 250 is answered only after the raw message is
 * committed to PostgreSQL, so an accepted email can never be lost and a refused one stays with
 * the sending server.
 *
 * STARTTLS is offered only with a certificate of our own (SMTP_TLS_CERT, SMTP_TLS_KEY), TLS 1.2 at
 * least, and a renewed certificate is applied without a restart (tls-reloader.ts). Sessions are
 * capped (SMTP_MAX_CLIENTS: one more gets 421) and a silent client is dropped after
 * SMTP_IDLE_TIMEOUT_MS; smtp-server does not count the time our own handlers take.
 */
@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpListener.name);
  private server?: SMTPServer;
  private boundPort?: number;
  private reloader?: TlsReloader;

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeService,
    private readonly feedback: FeedbackService,
    private readonly desk: DeskRepository,
  ) {}

  get port(): number | undefined {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.env;
    const tls = this.config.smtpTls;
    this.server = new SMTPServer({
      name: env.RELAY_DOMAIN,
      banner: 'MentorMail relay',
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      hideSTARTTLS: !tls,
      // smtp-server allows TLS 1.0 for very old clients; the large providers all speak 1.2 or 1.3.
      ...(tls ? { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' as const } : {}),
      size: env.INBOUND_MAX_BYTES,
      maxClients: env.SMTP_MAX_CLIENTS,
      socketTimeout: env.SMTP_IDLE_TIMEOUT_MS,
      closeTimeout: env.SMTP_CLOSE_TIMEOUT_MS,
      logger: false,
      onRcptTo: (address, session, callback) => {
        this.checkRecipient(address.address, session).then(
          () => callback(),
          (error: Error) => callback(this.smtpError(error)),
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: Error) => callback(this.smtpError(error)),
        );
      },
    });
    this.server.on('error', (error) => this.logger.warn(`SMTP: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(env.SMTP_PORT, env.SMTP_HOST, () => resolve());
    });
    const address = this.server.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : env.SMTP_PORT;
    this.logger.log(
      `SMTP listening on ${env.SMTP_HOST}:${this.boundPort}, ` +
        (tls
          ? `STARTTLS with ${tls.certFile} (valid until ${tls.validTo})`
          : 'no STARTTLS (SMTP_TLS_CERT unset)'),
    );
    if (tls) this.watchCertificate(tls);
  }

  async onApplicationShutdown(): Promise<void> {
    this.reloader?.stop();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private watchCertificate(tls: NonNullable<AppConfig['smtpTls']>): void {
    this.reloader = new TlsReloader(tls, {
      apply: (next) => {
        // Sessions upgrading from now on get the new context; those already encrypted keep theirs.
        this.server!.updateSecureContext({ cert: next.cert, key: next.key });
        this.logger.log(`SMTP certificate reloaded from ${next.certFile} (valid until ${next.validTo})`);
      },
      failed: (error) =>
        this.logger.warn(`SMTP certificate not reloaded, the previous one stays: ${error.message}`),
    });
    this.reloader.start();
  }

  /**
   * 550 for anything but a pairing's relay address, a programme's open join address, a person's desk
   * (see src/desk) or a delivery's return path; 451 when the sender
   * or the pairing is over its flood limit already (checked again, exactly, at DATA). A paused or
   * ended pairing's address is accepted: its members get a notice (their mail waits, or the pairing
   * is over), and a late bounce or report for mail the pairing was sent is still taken in. So is
   * mail to the notices address: a person replying to a notice is told nobody reads it
   * (NoticesAddressCheck), and a report or auto-reply to it is recorded and goes no further.
   */
  private async checkRecipient(address: string, session: SMTPServerSession): Promise<void> {
    if (address.toLowerCase() === this.config.noticesAddress.toLowerCase()) return;
    const returnPath = parseBounceAddress(address, this.config.env.RELAY_DOMAIN);
    if (returnPath) {
      if (!(await this.feedback.isReturnPath(returnPath)))
        throw new SmtpResponseError('5.1.1 No such relay address', 550);
      return;
    }
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const { relay, over } = await this.intake.atRcpt(mailFrom || null, address);
    if (over) throw new RateLimitedError(over);
    if (relay) return;
    // Not a pairing's: a programme's join address or a person's desk, or nobody's.
    if (!(await this.desk.isDeskAddress(address, this.config.env.RELAY_DOMAIN)))
      throw new SmtpResponseError('5.1.1 No such relay address', 550);
  }

  /** Our refusals as they are; over a limit or any failure of ours is temporary (451): the sender keeps the mail. */
  private smtpError(error: Error): SmtpResponseError {
    if (error instanceof SmtpResponseError) return error;
    if (error instanceof RateLimitedError)
      return new SmtpResponseError(`4.7.0 Too much mail (${error.detail}), try again later`, 451);
    return new SmtpResponseError('4.3.0 Try again later', 451);
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw new SmtpResponseError('5.3.4 Message too big', 552);
    const raw = Buffer.concat(chunks);
    // MAIL FROM:<> is stored as '' (the null sender), distinct from null (no envelope known, the
    // CLI): the null sender marks a notification, never a member's message.
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    // Decided here, by configuration, and kept on the row: being on loopback proves nothing (a
    // mail server in front of us relays internet mail from there).
    const trustedClient = this.config.trustedClients.includes(session.remoteAddress);
    for (const rcpt of session.envelope.rcptTo) {
      await this.intake.receive(
        {
          source: 'smtp',
          raw,
          recipient: rcpt.address,
          envelopeFrom: mailFrom,
          transportMeta: {
            remoteAddress: session.remoteAddress,
            helo: session.hostNameAppearsAs,
            mailFrom,
            trustedClient,
            // How it reached us, in a Received header's words: ESMTPS and the cipher after STARTTLS.
            with: session.transmissionType,
            tls: session.tlsOptions
              ? { version: session.tlsOptions.version, cipher: session.tlsOptions.name }
              : null,
          },
        },
        'refuse',
      );
    }
  }
}
