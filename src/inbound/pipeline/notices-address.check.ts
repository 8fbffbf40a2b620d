import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { rejected, type InboundCheck, type InboundContext } from './inbound-context';

/**
 * Mail to the notices address (the sender of notices that concern no pairing) is a person
 * answering an automatic message: accepted at the door, relayed to nobody, and answered by a
 * notice (rate-limited per sender) saying where to write instead. Runs after the bounce, loop and
 * auto-reply checks, so reports and robots that reach it are recorded and never answered.
 */
@Injectable()
export class NoticesAddressCheck implements InboundCheck {
  readonly name = 'notices_address';
  constructor(private readonly config: AppConfig) {}

  run(ctx: InboundContext) {
    if (ctx.row.recipient.toLowerCase() !== this.config.noticesAddress.toLowerCase()) return null;
    return rejected('notices_address', 'written to the notices address, which nobody reads');
  }
}
