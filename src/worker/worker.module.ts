import { Module } from '@nestjs/common';
import { InboundModule } from '../inbound/inbound.module';
import { InboundProcessor } from '../inbound/inbound.processor';
import { OutboundModule } from '../outbound/outbound.module';
import { OutboundProcessor } from '../outbound/outbound.processor';
import { RecoveryService } from './recovery.service';

/** Everything a worker process runs: the queue processors and the recovery sweep. */
@Module({
  imports: [InboundModule, OutboundModule],
  providers: [InboundProcessor, OutboundProcessor, RecoveryService],
  exports: [RecoveryService],
})
export class WorkerModule {}
