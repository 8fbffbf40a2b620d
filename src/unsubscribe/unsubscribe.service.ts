import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import { ProgramsRepository } from '../programs/programs.repository';
import { CLOCK, type Clock } from '../prompts/clock';
import { PreferencesRepository } from '../prompts/preferences.repository';
import { PreferencesService } from '../prompts/preferences.service';
import { formatLocal, isValidZone } from '../prompts/schedule/local-time';
import { verifyUnsubscribeToken } from './unsubscribe-token';

/** The page's choices besides unsubscribing: a pause of this many weeks. */
export const PAUSE_CHOICES = [2, 4] as const;
export type PauseWeeks = (typeof PAUSE_CHOICES)[number];

export interface UnsubscribeTarget {
  participantId: string;
  name: string;
  programmeName: string;
  alreadyStopped: boolean;
  /** Set while a pause runs, in the participant's zone and locale. */
  pausedUntilText: string | null;
}

/**
 * The unsubscribe page (RFC 8058 one-click included): the signed token is the whole
 * authorisation. Reading never changes anything; every change is a POST.
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly config: AppConfig,
    private readonly preferences: PreferencesService,
    private readonly participants: PreferencesRepository,
    private readonly programs: ProgramsRepository,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Who a token names; reads only (a GET must change nothing: link scanners fetch URLs). */
  async describe(token: string): Promise<UnsubscribeTarget | null> {
    const id = verifyUnsubscribeToken(this.config.env.APP_SECRET, token);
    const participant = id ? await this.participants.find(id) : null;
    if (!participant) return null;
    const programme = await this.programs.findProgramme(participant.programmeId);
    const now = this.clock.now();
    const paused = participant.pausedUntil && participant.pausedUntil > now ? participant.pausedUntil : null;
    const zone = isValidZone(participant.timeZone) ? participant.timeZone : 'UTC';
    return {
      participantId: participant.id,
      name: participant.name,
      programmeName: programme?.name ?? 'MentorMail',
      alreadyStopped: !!participant.promptsStoppedAt,
      pausedUntilText: paused ? formatLocal(paused, zone, participant.locale) : null,
    };
  }

  /** Stops prompts and digests for the token's participant; idempotent. */
  async unsubscribe(token: string): Promise<UnsubscribeTarget | null> {
    const target = await this.describe(token);
    if (!target) return null;
    await this.preferences.stop(target.participantId, this.clock.now(), 'unsubscribe_link');
    return this.describe(token);
  }

  /** "Pause instead": prompts and digests wait, nothing is stopped. */
  async pause(token: string, weeks: PauseWeeks): Promise<UnsubscribeTarget | null> {
    const target = await this.describe(token);
    if (!target) return null;
    if (!target.alreadyStopped) {
      await this.transactor.run((tx) =>
        this.preferences.pause(target.participantId, weeks, this.clock.now(), tx),
      );
    }
    return this.describe(token);
  }

  /** The undo: lifts a stop or a pause, as #resume does by email. */
  async resubscribe(token: string): Promise<UnsubscribeTarget | null> {
    const target = await this.describe(token);
    if (!target) return null;
    await this.transactor.run((tx) => this.preferences.resume(target.participantId, tx));
    return this.describe(token);
  }
}
