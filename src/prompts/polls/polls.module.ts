import { Module } from '@nestjs/common';
import { ProgramsModule } from '../../programs/programs.module';
import { PromptsCoreModule } from '../prompts-core.module';
import { VoteController } from './vote.controller';
import { VoteLinkService } from './vote-link.service';

/** One-tap votes: the /v/<token> pages (links are signed by VoteLinks, in PromptsCoreModule). */
@Module({
  imports: [PromptsCoreModule, ProgramsModule],
  controllers: [VoteController],
  providers: [VoteLinkService],
})
export class PollsModule {}
