import { Module } from '@nestjs/common';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { CLOCK, systemClock } from './clock';
import { PairingPromptsRepository } from './pairing-prompts.repository';
import { PreferencesRepository } from './preferences.repository';
import { PreferencesService } from './preferences.service';
import { ReplyDayService } from './schedule/reply-day.service';
import { ScheduleResumeService } from './schedule/schedule-resume.service';
import { VoteLinks } from './polls/vote-links';
import { ScheduleRepository } from './schedule/schedule.repository';
import { PromptAnswersRepository } from './sequencing/prompt-answers.repository';

/**
 * The data side of prompts that digests and unsubscribe build on: schedules, issued prompts and
 * polls, participant preferences, the clock, signed links. No composers or hooks here.
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    ScheduleRepository,
    PairingPromptsRepository,
    PreferencesRepository,
    PreferencesService,
    ScheduleResumeService,
    UnsubscribeLinks,
    VoteLinks,
    PromptAnswersRepository,
    ReplyDayService,
  ],
  exports: [
    CLOCK,
    ScheduleRepository,
    PairingPromptsRepository,
    PreferencesRepository,
    PreferencesService,
    UnsubscribeLinks,
    VoteLinks,
    PromptAnswersRepository,
    ReplyDayService,
  ],
})
export class PromptsCoreModule {}
