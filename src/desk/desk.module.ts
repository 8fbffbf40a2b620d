import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { DeskRegistry } from './desk-registry';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';

/** The programme's desk: personal desk addresses, join addresses, and what waits for an answer. */
@Module({
  imports: [OutboundModule],
  providers: [DeskRepository, DeskRegistry, DeskService],
  exports: [DeskRepository, DeskRegistry, DeskService],
})
export class DeskModule {}
