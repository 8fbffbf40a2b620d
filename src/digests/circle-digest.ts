import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { maskAddresses } from '../outbound/mime/mask-addresses';
import { curriculumOf } from '../prompts/curricula';
import { findPrompt } from '../prompts/library/prompt-library';
import { promptKeyOf } from '../prompts/schedule/prompt-plan';
import { greetingName } from '../programs/participant-names';
import { ProgramsRepository } from '../programs/programs.repository';
import type { CircleDigestProps, ParticipantProps } from '../rendering/template-props';
import { circleDigestContent } from './circle-digest-content';
import { CircleDigestRepository } from './circle-digest.repository';
import { digestPollsSince } from './digest-content';
import type { DigestRecipientRow } from './digest.repository';

/**
 * A circle member's digest props: the circle's week as its members saw it, named by first
 * names and with subjects masked (never an address), with poll counts only. Null when the week
 * had nothing to tell.
 */
@Injectable()
export class CircleDigest {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly repo: CircleDigestRepository,
    private readonly config: AppConfig,
  ) {}

  async props(
    r: DigestRecipientRow,
    pairingId: string,
    base: ParticipantProps,
    now: Date,
    fmt: (d: Date) => string,
  ): Promise<CircleDigestProps | null> {
    const found = await this.programs.findPairing(pairingId);
    if (!found) return null;
    const curriculum = curriculumOf('circle', r.curriculumKey);
    const read = await this.repo.week(pairingId, digestPollsSince(now));
    // A subject is a member's own words: hidden here as in the relayed copies, or every member's
    // digest would list the address the copies hid.
    const ourDomain = this.config.env.RELAY_DOMAIN;
    const week = {
      ...read,
      talk: read.talk.map((t) => ({ ...t, subject: maskAddresses(t.subject, { ourDomain }) })),
    };
    const names = new Map(
      [...(found.former ?? []), ...found.members].map((m) => [m.id, greetingName(m)] as const),
    );
    const nextKey =
      r.nextWeek === null ? null : promptKeyOf(curriculum, { week: r.nextWeek, item: r.nextItem ?? 0 });
    const nextTitle = nextKey ? findPrompt(nextKey)?.title : undefined;
    const content = circleDigestContent({
      recipientId: r.id,
      names,
      memberCount: found.members.length,
      week,
      weekNumber: Math.max(1, ...week.prompts.map((p) => p.week)),
      totalWeeks: curriculum.weeks,
      next: r.nextRunAt && nextTitle ? { title: nextTitle, whenText: fmt(r.nextRunAt) } : undefined,
    });
    if (!content) return null;
    const circleName = r.pairingName ?? r.programmeName;
    return { ...base, partnerName: circleName, circleName, ...content };
  }
}
