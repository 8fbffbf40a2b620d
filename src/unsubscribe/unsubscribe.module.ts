import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

@Module({
  imports: [PromptsCoreModule, ProgramsModule],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeService],
})
export class UnsubscribeModule {}
