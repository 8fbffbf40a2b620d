import { Module, type OnModuleInit } from '@nestjs/common';
import { AttentionCoreModule } from '../attention/attention-core.module';
import { ClosingCoreModule } from '../closing/closing-core.module';
import { ChoiceModule } from '../choice/choice.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { DigestsModule } from '../digests/digests.module';
import { EnrolmentModule } from '../enrolment/enrolment.module';
import { RoomsModule } from '../rooms/rooms.module';
import { InboundModule } from '../inbound/inbound.module';
import { MatchingModule } from '../matching/matching.module';
import { NoticesModule } from '../notices/notices.module';
import { ReplyHookRegistry } from '../inbound/pipeline/reply-hooks';
import { DeliveryComposerRegistry } from '../outbound/delivery-composer';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { RenderingModule } from '../rendering/rendering.module';
import { UnsubscribeModule } from '../unsubscribe/unsubscribe.module';
import { CheckinComposer } from './checkins/checkin.composer';
import { CheckinHook } from './checkins/checkin.hook';
import { CheckinRepository } from './checkins/checkin.repository';
import { CheckinService } from './checkins/checkin.service';
import { CommandHook } from './commands/command.hook';
import { CultureModule } from './culture/culture.module';
import { CommandService } from './commands/command.service';
import { SwapService } from './commands/swap.service';
import { LetterReturnService } from './letters/letter-return.service';
import { LetterHook } from './letters/letter.hook';
import { LettersRepository } from './letters/letters.repository';
import { PollHook } from './polls/poll.hook';
import { PollsModule } from './polls/polls.module';
import { PollVotesService } from './polls/poll-votes.service';
import { PromptComposer } from './prompt.composer';
import { PromptsCoreModule } from './prompts-core.module';
import { PromptIssuer } from './schedule/prompt-issuer';
import { ScheduleTickService } from './schedule/schedule-tick.service';
import { WelcomeComposer } from './welcome/welcome.composer';
import { WelcomeRepository } from './welcome/welcome.repository';
import { WelcomeService } from './welcome/welcome.service';
import { AnswerHook } from './sequencing/answer.hook';
import { MentorFirstGate } from './sequencing/mentor-first.gate';
import { CurriculumEndingService } from './schedule/curriculum-ending.service';
import { PlannedEndService } from './schedule/planned-end.service';
import { PromptSendNowService } from './send-now/prompt-send-now.service';

/**
 * Prompts, curricula, polls, email commands, digests and unsubscribe, for every role: the
 * composers and reply hooks must exist wherever mail is sent or received. The repeating tick
 * itself runs only in workers (ScheduleWorkerModule).
 */
@Module({
  imports: [
    PromptsCoreModule,
    ClosingCoreModule,
    AttentionCoreModule,
    CultureModule,
    DigestsModule,
    UnsubscribeModule,
    InboundModule,
    OutboundModule,
    ProgramsModule,
    ConversationsModule,
    RenderingModule,
    NoticesModule,
    PollsModule,
    MatchingModule,
    ChoiceModule,
    EnrolmentModule,
    RoomsModule,
  ],
  providers: [
    PromptIssuer,
    ScheduleTickService,
    PromptComposer,
    CommandService,
    SwapService,
    CommandHook,
    LettersRepository,
    LetterHook,
    LetterReturnService,
    PollHook,
    PollVotesService,
    WelcomeRepository,
    WelcomeService,
    WelcomeComposer,
    CheckinRepository,
    CheckinService,
    CheckinHook,
    CheckinComposer,
    MentorFirstGate,
    AnswerHook,
    CurriculumEndingService,
    PlannedEndService,
    PromptSendNowService,
  ],
  exports: [ScheduleTickService, PromptsCoreModule, PromptSendNowService],
})
export class PromptsModule implements OnModuleInit {
  constructor(
    private readonly composers: DeliveryComposerRegistry,
    private readonly hooks: ReplyHookRegistry,
    private readonly composer: PromptComposer,
    private readonly commands: CommandHook,
    private readonly letters: LetterHook,
    private readonly polls: PollHook,
    private readonly welcome: WelcomeComposer,
    private readonly checkinComposer: CheckinComposer,
    private readonly checkins: CheckinHook,
    private readonly answers: AnswerHook,
  ) {}

  onModuleInit(): void {
    this.composers.register(this.composer);
    this.composers.register(this.welcome);
    this.composers.register(this.checkinComposer);
    // Commands first: "#skip" in reply to a poll is a command, not a vote.
    this.hooks.register(this.commands);
    // A letter is private: kept before any other hook could treat it as an answer to relay.
    this.hooks.register(this.letters);
    this.hooks.register(this.polls);
    // After commands: "#skip" in a check-in thread is a command, not a proposal.
    this.hooks.register(this.checkins);
    // Last: it only keeps a copy of an answer that is relayed as usual.
    this.hooks.register(this.answers);
  }
}
