import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactor } from '../database/transactor';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import type { Programme } from '../programs/entities/programme.entity';
import { CLOCK, type Clock } from '../prompts/clock';
import type { ChoiceSuggestionsLead } from '../rendering/template-props';
import type { ChoiceAttentionRow } from './choice-attention';
import { choiceSide, freePlaces } from './choice-readiness';
import { ChoiceMail, REQUEST_KIND } from './choice-mail';
import { matchProfileOf, mentorProfileOf } from './choice-profiles';
import { ChoiceRepository, type ChoicePerson } from './choice.repository';
import type { MatchRequest } from './entities/match-request.entity';
import { MentorRanking, type RankedMentor } from './rank-mentors';
import { shownName } from './shown-person';

const EXPIRY_BATCH = 50;
const SUGGESTIONS = 3;
/** Mentees written per transaction by the tick: their locks are held for a few hundred ms at most. */
const WRITE_BATCH = 50;

/** Mentors with a free place (by id) and their ranking for the mentees being suggested to. */
interface Pool {
  ranking: MentorRanking;
  mentors: ReadonlyMap<string, ChoicePerson>;
}

/** The tick's pool with each mentee's ranking, made before any lock (null: the mentee was refused). */
interface TickPool extends Pool {
  ranked: ReadonlyMap<string, RankedMentor[] | null>;
}
const HOUR_MS = 3_600_000;

/** Why a mentee's request ended without a pairing; the next suggestion is asked. */
export type LapseReason = 'declined' | 'expired' | 'lost';

/**
 * Mentees choosing their mentor (#14): three suggestions each, the chosen mentor asked, and when a
 * request does not work out (no, no answer in time, the last place gone) the mentee's next
 * suggestion asked, else three new ones. The tick calls `run`; replies arrive through
 * ChoiceAnswers. Every step runs in one transaction with its emails, queued after the commit.
 */
@Injectable()
export class ChoiceService {
  private readonly logger = new Logger(ChoiceService.name);

  constructor(
    private readonly repo: ChoiceRepository,
    private readonly mail: ChoiceMail,
    private readonly transactor: Transactor,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The tick's part: requests past their time lapse, then every ready mentee not choosing gets suggestions. */
  async run(now: Date = this.clock.now()): Promise<{ expired: number; suggested: number }> {
    let expired = 0;
    let suggested = 0;
    for (const programme of await this.repo.choosingProgrammes()) {
      expired += await this.expireDue(programme, now);
      suggested += await this.suggestAll(programme, now);
    }
    if (expired + suggested > 0)
      this.logger.log({ expired, suggested }, `choice: ${expired} expired, ${suggested} suggested`);
    return { expired, suggested };
  }

  /**
   * Suggestions for every ready mentee of the programme with nothing on offer. Read once and ranked
   * from one shared MatchContext with no lock held; then written WRITE_BATCH mentees to a short
   * transaction (the round trips, not the scoring, were most of a mentee's time). Suggesting takes
   * no place, so the pool holds for the whole pass.
   */
  private async suggestAll(programme: Programme, now: Date): Promise<number> {
    const people = await this.repo.people(programme.id);
    const mentees = people.filter((p) => choiceSide(p.facts) === 'mentee' && !p.choosing);
    if (mentees.length === 0) return 0;
    const pool = this.rankingFor(programme, people, mentees, now);
    const ids = mentees.map((m) => m.participant.id);
    const skips = await this.repo.notAgainAll(programme.id, ids);
    const ranked = new Map(
      ids.map((id) => [id, pool.ranking.rank(id, skips.get(id) ?? new Set(), SUGGESTIONS)]),
    );
    // A mentee already on staff's list with still nobody to suggest would only be told nothing again
    // (the list of "not again" only grows and the pool is fixed): no write, no lock, every tick.
    const toWrite = mentees
      .filter((m) => !(m.waiting && !ranked.get(m.participant.id)?.length))
      .map((m) => m.participant.id);
    let suggested = 0;
    for (let at = 0; at < toWrite.length; at += WRITE_BATCH) {
      const batch = toWrite.slice(at, at + WRITE_BATCH);
      try {
        suggested += await this.suggestMany(programme.id, batch, now, { ...pool, ranked });
      } catch (error) {
        // One mentee's failure must not cost the others their suggestions: each alone, as before.
        this.logger.warn({ programmeId: programme.id, err: error }, 'choice: batch failed; one by one');
        for (const id of batch) {
          try {
            if (await this.suggestMany(programme.id, [id], now, { ...pool, ranked })) suggested++;
          } catch (err) {
            this.logger.error({ programmeId: programme.id, menteeId: id, err }, 'choice: suggesting failed');
          }
        }
      }
    }
    return suggested;
  }

  /** The mentors with a free place, and one ranking of them for these mentees. */
  private rankingFor(programme: Programme, people: ChoicePerson[], mentees: ChoicePerson[], now: Date): Pool {
    const mentors = people.filter((p) => choiceSide(p.facts) === 'mentor' && freePlaces(p.facts) > 0);
    const ranking = new MentorRanking(
      mentors.map(mentorProfileOf),
      mentees.map(matchProfileOf),
      programme.matchCriteria ?? {},
      now,
    );
    for (const [personId, why] of ranking.refused) {
      // A profile the engine refuses must not stop every other mentee: it is left out and named.
      this.logger.error(
        { programmeId: programme.id, participantId: personId, why },
        'choice: profile refused',
      );
    }
    return { ranking, mentors: new Map(mentors.map((m) => [m.participant.id, m])) };
  }

  /**
   * Sends this mentee three suggested mentors when they are ready and have none on offer and no
   * request out; when no mentor fits, tells them once and lists them for staff. True when
   * suggestions were sent.
   */
  async suggest(programmeId: string, menteeId: string, now: Date = this.clock.now()): Promise<boolean> {
    return (await this.suggestMany(programmeId, [menteeId], now)) > 0;
  }

  /**
   * `suggest` for several mentees in one transaction, under their row locks (taken together, in id
   * order); with the tick's pool, its rankings made before the locks. How many were sent suggestions.
   */
  private async suggestMany(
    programmeId: string,
    menteeIds: string[],
    now: Date,
    pool?: TickPool,
  ): Promise<number> {
    let sent = 0;
    const deliveries = await this.transactor.run(async (tx) => {
      sent = 0;
      await this.repo.lockParticipants(tx, menteeIds);
      const programme = await this.repo.findProgramme(programmeId, tx);
      if (programme?.matchingMode !== 'choice') return [];
      const mentees = (await this.repo.peopleByIds(menteeIds, tx)).filter(
        (m) => choiceSide(m.facts) === 'mentee' && !m.choosing,
      );
      if (mentees.length === 0) return [];
      const ids = mentees.map((m) => m.participant.id);
      const skips = await this.repo.notAgainAll(programme.id, ids, tx);
      const batches = await this.repo.nextBatches(ids, tx);
      const out: Delivery[] = [];
      for (const mentee of mentees) {
        const id = mentee.participant.id;
        const given = pool && {
          ...pool,
          ranked: pool.ranked.get(id),
          skip: skips.get(id) ?? new Set<string>(),
          batch: batches.get(id),
        };
        const lead = mentee.waiting ? 'new-mentors' : 'first';
        const offered = await this.offer(tx, programme, mentee, lead, now, undefined, given);
        if (offered) sent++;
        out.push(...(offered ?? (await this.noneLeft(tx, programme, mentee, now))));
      }
      return out;
    });
    await this.outbox.enqueue(deliveries);
    return sent;
  }

  /** Mentees told that no mentor was left for them, for staff. */
  waiting(programmeId: string) {
    return this.repo.waits(programmeId);
  }

  /** Everyone of a choosing programme staff should help, and why (the admin's "Needs attention"). */
  needingStaff(): Promise<ChoiceAttentionRow[]> {
    return this.repo.needingStaff();
  }

  /**
   * A new batch of up to three suggestions (mentors with a free place, best score first, never one
   * suggested before or excluded), emailed from the mentee's desk; null when none is left. With the
   * tick's `pool`, its ranking made before the lock is kept unless one of its mentors has since
   * become "not again" for this mentee (then the shared ranking is asked again, a pass of
   * `evaluatePair` over the pool).
   */
  async offer(
    tx: EntityManager,
    programme: Programme,
    mentee: ChoicePerson,
    lead: ChoiceSuggestionsLead,
    now: Date,
    previousName?: string,
    given?: Pool & { ranked?: RankedMentor[] | null; skip?: ReadonlySet<string>; batch?: number },
  ): Promise<Delivery[] | null> {
    const menteeId = mentee.participant.id;
    const pool = given ?? this.rankingFor(programme, await this.repo.people(programme.id, tx), [mentee], now);
    const skip = given?.skip ?? (await this.repo.notAgain(programme.id, menteeId, tx));
    let ranked = given?.ranked;
    if (!ranked || ranked.some((r) => skip.has(r.mentorId)))
      ranked = pool.ranking.rank(menteeId, skip, SUGGESTIONS);
    if (ranked === null) {
      this.logger.error({ programmeId: programme.id, menteeId }, 'choice: ranking failed');
      return null;
    }
    if (ranked.length === 0) return null;
    const batch = given?.batch ?? (await this.repo.nextBatch(menteeId, tx));
    const rows = await this.repo.insertSuggestions(
      ranked.map((r, i) => ({
        programmeId: programme.id,
        menteeId,
        mentorId: r.mentorId,
        status: 'suggested' as const,
        batch,
        rank: i + 1,
        score: r.score,
        explanation: r.explanation,
        suggestedAt: now,
      })),
      tx,
    );
    // `waiting` was read under the mentee's lock, and a wait row is only made under it.
    if (mentee.waiting) await this.repo.endWait(tx, menteeId);
    return this.mail.suggestions(
      tx,
      programme,
      mentee.participant,
      rows,
      pool.mentors,
      lead,
      `choice:suggest:${menteeId}:${batch}`,
      previousName,
    );
  }

  /** No mentor is left to suggest: the mentee is told once and listed for staff until one is. */
  async noneLeft(
    tx: EntityManager,
    programme: Programme,
    mentee: ChoicePerson,
    now: Date,
    mentorName?: string,
  ): Promise<Delivery[]> {
    const menteeId = mentee.participant.id;
    // Once from the tick; always after a request of theirs ended (they are waiting for news).
    const first = await this.repo.wait(tx, programme.id, menteeId, now);
    if (!first && !mentorName) return [];
    this.logger.warn(
      { programmeId: programme.id, menteeId },
      'choice: no mentor left to suggest; staff to help',
    );
    return this.mail.update(
      tx,
      programme,
      mentee.participant,
      `choice:none-left:${menteeId}:${now.toISOString()}`,
      {
        variant: 'none-left',
        ...(mentorName ? { mentorName } : {}),
      },
    );
  }

  /**
   * Asks the suggestion's mentor, if they still have a free place and may still meet this mentee:
   * the request from the mentor's desk, answered yes or no within the programme's hours.
   */
  async askMentor(
    tx: EntityManager,
    programme: Programme,
    row: MatchRequest,
    mentee: ChoicePerson,
    now: Date,
  ): Promise<{ deliveries: Delivery[]; mentor: ChoicePerson } | null> {
    const mentor = await this.repo.person(row.mentorId, tx);
    if (!mentor || choiceSide(mentor.facts) !== 'mentor' || freePlaces(mentor.facts) <= 0) return null;
    if (await this.repo.isExcluded(programme.id, row.mentorId, row.menteeId, tx)) return null;
    const expiresAt = new Date(now.getTime() + programme.choiceReplyHours * HOUR_MS);
    await this.repo.setStatus(tx, [row.id], 'asked', { askedAt: now, expiresAt });
    Object.assign(row, { status: 'asked', askedAt: now, expiresAt });
    const deliveries = await this.mail.request(
      tx,
      programme,
      row,
      mentor.participant,
      mentee,
      `choice:request:${row.id}`,
    );
    return { deliveries, mentor };
  }

  /**
   * A request ended without a pairing: the mentee's next suggestion still open is asked (told in
   * one email), else three new suggestions, else "no mentor is free right now" and staff's list.
   */
  async cascade(
    tx: EntityManager,
    programme: Programme,
    menteeId: string,
    reason: LapseReason,
    mentorName: string,
    now: Date,
  ): Promise<Delivery[]> {
    await this.repo.lockParticipant(tx, menteeId);
    const mentee = await this.repo.person(menteeId, tx);
    if (!mentee || choiceSide(mentee.facts) !== 'mentee' || (await this.repo.asked(menteeId, tx))) return [];
    for (const row of await this.repo.offered(menteeId, tx)) {
      const asked = await this.askMentor(tx, programme, row, mentee, now);
      if (!asked) {
        await this.repo.setStatus(tx, [row.id], 'withdrawn');
        continue;
      }
      const told = await this.mail.update(tx, programme, mentee.participant, `choice:next:${row.id}`, {
        variant: reason,
        mentorName,
        nextName: shownName(asked.mentor.participant),
        answerBy: row.expiresAt,
      });
      return [...asked.deliveries, ...told];
    }
    return (
      (await this.offer(tx, programme, mentee, reason, now, mentorName)) ??
      this.noneLeft(tx, programme, mentee, now, mentorName)
    );
  }

  /** Requests past their answer-by time lapse: the mentor is told, the mentee's next choice asked. */
  async expireDue(programme: Programme, now: Date): Promise<number> {
    let expired = 0;
    for (;;) {
      const { claimed, deliveries } = await this.transactor.run(async (tx) => {
        const rows = await this.repo.claimExpired(tx, programme.id, now, EXPIRY_BATCH);
        const out: Delivery[] = [];
        for (const row of rows) {
          await this.repo.setStatus(tx, [row.id], 'expired', { answeredAt: now });
          await this.mail.closeAsks(tx, row.mentorId, REQUEST_KIND, row.id);
          const mentor = (await this.repo.person(row.mentorId, tx))!;
          const mentee = (await this.repo.person(row.menteeId, tx))!;
          const mentorName = shownName(mentor.participant);
          out.push(
            ...(await this.mail.answer(
              tx,
              programme,
              mentor.participant,
              shownName(mentee.participant),
              'expired',
              `choice:expired:${row.id}`,
            )),
            ...(await this.cascade(tx, programme, row.menteeId, 'expired', mentorName, now)),
          );
        }
        return { claimed: rows.length, deliveries: out };
      });
      await this.outbox.enqueue(deliveries);
      expired += claimed;
      if (claimed < EXPIRY_BATCH) return expired;
    }
  }
}
