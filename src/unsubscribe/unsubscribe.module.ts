import { Module } from '@nestjs/common';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe.service';

@Module({
  imports: [PromptsCoreModule],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeService],
})
export class UnsubscribeModule {}
