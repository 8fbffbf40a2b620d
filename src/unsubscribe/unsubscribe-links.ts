import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { signUnsubscribeToken } from './unsubscribe-token';

/** The List-Unsubscribe values and footer links of automated mail (prompts, digests). */
@Injectable()
export class UnsubscribeLinks {
  constructor(private readonly config: AppConfig) {}

  /**
   * PUBLIC_URL exactly as given: a link must reach this server. Forcing https made every link
   * dead on an http demo; production refuses an http PUBLIC_URL at boot instead (src/config),
   * and the header builder offers RFC 8058 one-click only for https.
   */
  url(participantId: string): string {
    return `${this.config.publicRoot}/u/${signUnsubscribeToken(this.config.env.APP_SECRET, participantId)}`;
  }

  automated(participantId: string, relayAddress: string, listId: string) {
    return { listId, unsubscribeUrl: this.url(participantId), unsubscribeMailto: stopMailto(relayAddress) };
  }
}

/**
 * A reply of "#stop" to the pairing's own address does the same as the unsubscribe link. The
 * command is in the body, where commands are read; a client that drops the body still sends the
 * subject, which is read as the command when the reply has no text of its own (see ExtractCheck).
 */
export function stopMailto(relayAddress: string): string {
  return `mailto:${relayAddress}?subject=unsubscribe&body=%23stop`;
}

export function pauseMailto(relayAddress: string): string {
  return `mailto:${relayAddress}?subject=%23pause%202%20weeks&body=%23pause%202%20weeks`;
}

/** The footer's two email-native controls, for notices (no login, no token). */
export function replyControls(relayAddress: string): { pauseUrl: string; unsubscribeUrl: string } {
  return { pauseUrl: pauseMailto(relayAddress), unsubscribeUrl: stopMailto(relayAddress) };
}
