import { Module } from '@nestjs/common';
import { InboundModule } from '../inbound/inbound.module';
import { InboundProcessor } from '../inbound/inbound.processor';
import { OutboundModule } from '../outbound/outbound.module';
import { OutboundProcessor } from '../outbound/outbound.processor';
import { QueueEventsLogger } from '../queues/queue-events.logger';
import { ScheduleWorkerModule } from '../prompts/schedule/schedule-worker.module';
import { RecoveryService } from './recovery.service';

/** Everything a worker process runs: the queue processors, the schedule tick and the recovery sweep. */
@Module({
  imports: [InboundModule, OutboundModule, ScheduleWorkerModule],
  providers: [InboundProcessor, OutboundProcessor, RecoveryService, QueueEventsLogger],
  exports: [RecoveryService],
})
export class WorkerModule {}
