import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { DeskRegistry } from '../desk/desk-registry';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { CLOCK, type Clock } from '../prompts/clock';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { ChoiceAnswers } from './choice-answers.service';
import { ChoiceMail, PICK_KIND, REQUEST_KIND } from './choice-mail';
import { ChoiceRepository } from './choice.repository';
import { ChoiceService } from './choice.service';

/**
 * Mentees choose their mentor by email: suggestions and requests from each person's desk, the
 * replies taken here, the 72-hour cascade on the schedule tick (see ScheduleTickService).
 */
@Module({
  imports: [DeskModule, OutboundModule, ProgramsModule, PromptsCoreModule],
  providers: [ChoiceRepository, ChoiceMail, ChoiceService, ChoiceAnswers],
  exports: [ChoiceService],
})
export class ChoiceModule implements OnModuleInit {
  constructor(
    private readonly desk: DeskRegistry,
    private readonly answers: ChoiceAnswers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const from = (r: Parameters<Parameters<DeskRegistry['register']>[0]['answer']>[0]) => ({
      tx: r.tx,
      programme: r.programme,
      participantId: r.participant.id,
      text: r.text,
      inboundEmailId: r.inboundEmailId,
      requestId: r.ask?.refId ?? null,
    });
    this.desk.register({ kind: PICK_KIND, answer: (r) => this.answers.pick(from(r), this.clock.now()) });
    this.desk.register({
      kind: REQUEST_KIND,
      answer: (r) => this.answers.respond(from(r), this.clock.now()),
    });
  }
}
