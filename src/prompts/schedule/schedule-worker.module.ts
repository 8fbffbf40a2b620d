import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts.module';
import { ScheduleProcessor } from './schedule.processor';
import { TickRegistrar } from './tick-registrar';

/** Worker-only: the repeatable schedule tick and its processor. Import into WorkerModule. */
@Module({
  imports: [PromptsModule],
  providers: [ScheduleProcessor, TickRegistrar],
  exports: [TickRegistrar],
})
export class ScheduleWorkerModule {}
