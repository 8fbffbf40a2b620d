import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { AutomaticMatchingService } from './automatic-matching.service';
import { CircleProposalsRepository } from './circle-proposals.repository';
import { CircleProposalsService } from './circle-proposals.service';
import { MatchApplyService } from './match-apply.service';
import { MatchingService } from './matching.service';
import { ProposalsRepository } from './proposals.repository';
import { ReadinessRepository } from './readiness.repository';

/** Matching over stored profiles: readiness, proposals for review, applying them, automatic mode. */
@Module({
  imports: [ProgramsModule, PromptsCoreModule],
  providers: [
    ReadinessRepository,
    ProposalsRepository,
    MatchingService,
    MatchApplyService,
    AutomaticMatchingService,
    CircleProposalsRepository,
    CircleProposalsService,
  ],
  exports: [
    ReadinessRepository,
    MatchingService,
    MatchApplyService,
    AutomaticMatchingService,
    CircleProposalsService,
  ],
})
export class MatchingModule {}
