import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CLOCK, type Clock } from '../prompts/clock';
import { PreferencesRepository } from '../prompts/preferences.repository';
import { PreferencesService } from '../prompts/preferences.service';
import { verifyUnsubscribeToken } from './unsubscribe-token';

export interface UnsubscribeTarget {
  participantId: string;
  name: string;
  alreadyStopped: boolean;
}

/** One-click unsubscribe (RFC 8058): the signed token is the whole authorisation. */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly config: AppConfig,
    private readonly preferences: PreferencesService,
    private readonly participants: PreferencesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Who a token names; reads only (a GET must change nothing: link scanners fetch URLs). */
  async describe(token: string): Promise<UnsubscribeTarget | null> {
    const id = verifyUnsubscribeToken(this.config.env.APP_SECRET, token);
    const participant = id ? await this.participants.find(id) : null;
    if (!participant) return null;
    return {
      participantId: participant.id,
      name: participant.name,
      alreadyStopped: !!participant.promptsStoppedAt,
    };
  }

  /** Stops prompts and digests for the token's participant; idempotent. */
  async unsubscribe(token: string): Promise<UnsubscribeTarget | null> {
    const target = await this.describe(token);
    if (!target) return null;
    await this.preferences.stop(target.participantId, this.clock.now(), 'unsubscribe_link');
    return target;
  }
}
