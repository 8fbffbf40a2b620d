import { Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../database/transactor';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import { EnrolmentRepository } from './enrolment.repository';
import { EnrolmentService } from './enrolment.service';

const BATCH = 200;

/**
 * Reminders for an unanswered confirmation or questionnaire, 3 and 7 days after the step was
 * asked, two at most; run by the schedule tick with its `now` (so a fake clock moves them).
 */
@Injectable()
export class EnrolmentReminders {
  private readonly logger = new Logger(EnrolmentReminders.name);

  constructor(
    private readonly repo: EnrolmentRepository,
    private readonly enrolment: EnrolmentService,
    private readonly transactor: Transactor,
    private readonly outbox: OutboxService,
  ) {}

  async run(now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.repo.remindersDue(now, BATCH);
      for (const row of due) {
        const deliveries = await this.transactor.run(async (tx): Promise<Delivery[]> => {
          if (!(await this.repo.claimReminder(row.participantId, row.remindersSent, tx))) return [];
          const person = await this.enrolment.personById(tx, row.participantId);
          if (!person) return [];
          const key = `enrol:remind:${row.step}:${row.remindersSent + 1}:${row.participantId}`;
          return this.enrolment.remindStage(tx, person, key);
        });
        await this.outbox.enqueue(deliveries);
        sent += deliveries.length;
      }
      if (due.length < BATCH) break;
    }
    if (sent) this.logger.log({ reminders: sent }, `enrolment: ${sent} reminders`);
    return sent;
  }
}
