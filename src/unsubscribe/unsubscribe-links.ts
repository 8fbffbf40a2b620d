import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { signUnsubscribeToken } from './unsubscribe-token';

/** The List-Unsubscribe values and footer links of automated mail (prompts, digests). */
@Injectable()
export class UnsubscribeLinks {
  constructor(private readonly config: AppConfig) {}

  /**
   * RFC 8058 wants https; PUBLIC_URL may be plain http on a developer machine, and the header
   * builder rightly refuses that, so the scheme is forced here.
   */
  url(participantId: string): string {
    const base = new URL(this.config.env.PUBLIC_URL);
    base.protocol = 'https:';
    const root = base.toString().replace(/\/$/, '');
    return `${root}/u/${signUnsubscribeToken(this.config.env.APP_SECRET, participantId)}`;
  }

  /** A reply of "#stop" to the pairing's own address does the same as the link. */
  mailto(relayAddress: string): string {
    return `mailto:${relayAddress}?subject=unsubscribe&body=%23stop`;
  }

  pauseMailto(relayAddress: string): string {
    return `mailto:${relayAddress}?subject=pause&body=%23pause%202%20weeks`;
  }

  automated(participantId: string, relayAddress: string, listId: string) {
    return { listId, unsubscribeUrl: this.url(participantId), unsubscribeMailto: this.mailto(relayAddress) };
  }
}
