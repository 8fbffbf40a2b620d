import { Module, type OnModuleInit } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { DeskRegistry } from '../desk/desk-registry';
import { NoticesModule } from '../notices/notices.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { ConfirmController } from './confirm.controller';
import { EnrolmentMail } from './enrolment-mail';
import { ENROLMENT_KINDS, EnrolmentDesk } from './enrolment.desk';
import { EnrolmentRepository } from './enrolment.repository';
import { EnrolmentReminders } from './enrolment-reminders.service';
import { EnrolmentService } from './enrolment.service';
import { InviteService } from './invite.service';
import { LinkConfirmations } from './link-confirmations.service';

/** Enrolment by email: invitations, the join address, confirmation, the questionnaire, consent. */
@Module({
  imports: [DeskModule, ProgramsModule, OutboundModule, NoticesModule],
  controllers: [ConfirmController],
  providers: [
    EnrolmentRepository,
    EnrolmentMail,
    EnrolmentService,
    EnrolmentDesk,
    EnrolmentReminders,
    InviteService,
    LinkConfirmations,
  ],
  exports: [EnrolmentService, EnrolmentReminders, InviteService, EnrolmentRepository],
})
export class EnrolmentModule implements OnModuleInit {
  constructor(
    private readonly registry: DeskRegistry,
    private readonly desk: EnrolmentDesk,
  ) {}

  onModuleInit(): void {
    this.registry.registerJoin({ join: (r) => this.desk.join(r) });
    this.registry.register({ kind: ENROLMENT_KINDS.confirm, answer: (r) => this.desk.confirmReply(r) });
    this.registry.register({
      kind: ENROLMENT_KINDS.profile,
      commands: ['#profile'],
      answer: (r) => this.desk.questionsReply(r),
    });
    this.registry.registerFallback({ kind: 'enrol-idle', answer: (r) => this.desk.idleReply(r) });
  }
}
