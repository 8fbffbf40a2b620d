import { Resolver } from 'node:dns/promises';
import { Module } from '@nestjs/common';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { DeliverabilityRepository } from './deliverability.repository';
import { DeliverabilityService, DNS_RESOLVER } from './deliverability.service';

/** The DNS records check and the sending rates behind the admin dashboard's deliverability card. */
@Module({
  // For the clock: the card's 30 days and the checks' time follow a test's fake clock.
  imports: [PromptsCoreModule],
  providers: [
    DeliverabilityRepository,
    DeliverabilityService,
    // Node's resolver with the system's servers; a lookup gives up after 2 tries of 5 s.
    { provide: DNS_RESOLVER, useFactory: () => new Resolver({ timeout: 5_000, tries: 2 }) },
  ],
  exports: [DeliverabilityService],
})
export class DeliverabilityModule {}
