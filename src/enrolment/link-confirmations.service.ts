import { Injectable } from '@nestjs/common';
import { Transactor } from '../database/transactor';
import { OutboxService } from '../outbound/outbox.service';
import { greetingName } from '../programs/participant-names';
import type { ConfirmTarget } from './confirm-page';
import type { Person } from './enrolment-mail';
import { EnrolmentRepository } from './enrolment.repository';
import { EnrolmentService } from './enrolment.service';

/** A token shaped like ours (randomKey: lower-case base32); anything else is not looked up. */
const TOKEN = /^[a-z2-7]{16,40}$/;

/** The confirmation and consent links' pages: what they describe, and what their POST does. */
@Injectable()
export class LinkConfirmations {
  constructor(
    private readonly repo: EnrolmentRepository,
    private readonly enrolment: EnrolmentService,
    private readonly transactor: Transactor,
    private readonly outbox: OutboxService,
  ) {}

  private target(p: Person, done: boolean): ConfirmTarget {
    return {
      name: greetingName(p.participant),
      programmeName: p.programme.name,
      description: p.programme.description,
      termsUrl: p.programme.termsUrl,
      done,
    };
  }

  private async byConfirm(token: string) {
    if (!TOKEN.test(token)) return null;
    const profile = await this.repo.byConfirmToken(token);
    return profile ? this.transactor.run((tx) => this.enrolment.personById(tx, profile.participantId)) : null;
  }

  async describeConfirm(token: string): Promise<ConfirmTarget | null> {
    const p = await this.byConfirm(token);
    return p ? this.target(p, p.profile.confirmedAt !== null) : null;
  }

  async confirm(token: string): Promise<ConfirmTarget | null> {
    if (!TOKEN.test(token)) return null;
    const profile = await this.repo.byConfirmToken(token);
    if (!profile) return null;
    const result = await this.transactor.run(async (tx) => {
      const p = await this.enrolment.personById(tx, profile.participantId);
      return p ? { p, deliveries: await this.enrolment.confirm(tx, p) } : null;
    });
    if (!result) return null;
    await this.outbox.enqueue(result.deliveries);
    return this.target(result.p, true);
  }

  async describeConsent(token: string): Promise<ConfirmTarget | null> {
    if (!TOKEN.test(token)) return null;
    const profile = await this.repo.byGuardianToken(token);
    if (!profile) return null;
    const p = await this.transactor.run((tx) => this.enrolment.personById(tx, profile.participantId));
    return p ? this.target(p, p.profile.guardianConsentedAt !== null) : null;
  }

  async consent(token: string): Promise<ConfirmTarget | null> {
    if (!TOKEN.test(token)) return null;
    const profile = await this.repo.byGuardianToken(token);
    if (!profile) return null;
    return this.transactor.run(async (tx) => {
      const p = await this.enrolment.personById(tx, profile.participantId);
      if (!p) return null;
      await this.enrolment.guardianConsented(tx, p.profile);
      return this.target(p, true);
    });
  }

  /** The withdrawal's POST: `withdrawal` is set when there was consent to withdraw, else nothing changed. */
  async withdrawConsent(token: string): Promise<ConfirmTarget | null> {
    if (!TOKEN.test(token)) return null;
    const profile = await this.repo.byGuardianToken(token);
    if (!profile) return null;
    return this.transactor.run(async (tx) => {
      const p = await this.enrolment.personById(tx, profile.participantId);
      if (!p) return null;
      const withdrawal = await this.enrolment.guardianWithdrew(tx, p.profile);
      return withdrawal ? { ...this.target(p, false), withdrawal } : this.target(p, false);
    });
  }
}
