import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { buildEmail, type SimpleEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { waitFor } from '../support/wait-for';

/** Reading what the choice emails said, and replying to them over real SMTP. */
export class ChoiceMailbox {
  constructor(
    private readonly running: RunningApp,
    private readonly outboxDir: string,
  ) {}

  /** Every email sent to this person, oldest first (files are named by Message-ID, so by write time). */
  async to(person: Participant): Promise<OutboxEmail[]> {
    const mine = (await readOutbox(this.outboxDir)).filter((m) => toAddress(m.parsed) === person.email);
    const written = await Promise.all(
      mine.map(async (m) => (await stat(join(this.outboxDir, m.file))).mtimeMs),
    );
    return mine
      .map((m, i) => ({ m, at: written[i] }))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.m);
  }

  /** The `n`th email (1-based) to this person whose subject matches, once it has been sent. */
  next(person: Participant, subject: RegExp, n = 1): Promise<OutboxEmail> {
    return waitFor(
      async () => (await this.to(person)).filter((m) => subject.test(m.parsed.subject ?? ''))[n - 1],
    );
  }

  /** Replies to an email from its recipient's address, citing it; resolves once the reply is recorded. */
  async reply(
    person: Participant,
    email: OutboxEmail,
    body: Pick<SimpleEmail, 'text' | 'html' | 'headers'>,
  ): Promise<InboundEmail> {
    const desk = email.parsed.from!.value[0].address!;
    const subject = `Re: ${email.parsed.subject} [${randomBytes(3).toString('hex')}]`;
    const raw = buildEmail({
      from: person.email,
      to: desk,
      subject,
      inReplyTo: (email.parsed.messageId ?? '').replace(/[<>]/g, ''),
      ...body,
    }).raw;
    const port = this.running.app.get(SmtpListener).port!;
    await SmtpTestClient.sendOnce(port, { from: person.email, to: [desk], raw });
    const db = this.running.app.get(DataSource);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' ? row : null;
    });
  }
}
