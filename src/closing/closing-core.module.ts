import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { ClosingNotices } from './closing-notices';
import { ClosingRepository } from './closing.repository';

/** The closing tables and emails, for the email commands and the tick (prompts) and the admin alike. */
@Module({
  imports: [OutboundModule, PromptsCoreModule],
  providers: [ClosingRepository, ClosingNotices],
  exports: [ClosingRepository, ClosingNotices],
})
export class ClosingCoreModule {}
