import { joinNames } from '../programs/participant-names';
import type { CircleDigestProps, ParticipantProps } from '../rendering/template-props';
import type { CircleWeek } from './circle-digest.repository';

/**
 * A circle's poll counts appear once this many members answered: below it, a count and one's own
 * vote would tell the other voter's. The circle poll emails promise this number.
 */
export const CIRCLE_POLL_MIN_ANSWERS = 3;

export type CircleDigestContent = Omit<CircleDigestProps, keyof ParticipantProps | 'circleName'>;

export interface CircleDigestInput {
  recipientId: string;
  /** First names by participant id: current and former members (a member who left keeps their name). */
  names: ReadonlyMap<string, string>;
  memberCount: number;
  week: CircleWeek;
  weekNumber: number;
  totalWeeks: number;
  next?: { title: string; whenText: string };
}

/**
 * What a circle member's digest says, or null when the week had nothing (no message, no prompt):
 * an empty digest is skipped. Poll results are counts and the reader's own answer only.
 */
export function circleDigestContent(input: CircleDigestInput): CircleDigestContent | null {
  const { recipientId, week } = input;
  const nameOf = (id: string) => (id === recipientId ? 'you' : (input.names.get(id) ?? 'a former member'));
  const talk = threadsOf(week).map((t) => ({
    subject: t.subject,
    authorsText: joinNames(youLast(t.authors, recipientId).map(nameOf)),
    messages: t.messages,
  }));
  const main = week.prompts.filter((p) => !p.pollOptions).at(-1);
  const polls = week.prompts.filter((p) => p.pollOptions && p.pollOptions.length > 0);
  if (talk.length === 0 && !main && polls.length === 0) return null;
  return {
    week: input.weekNumber,
    totalWeeks: input.totalWeeks,
    talk,
    prompt: main
      ? {
          title: main.title,
          youAnswered: main.answeredBy.includes(recipientId),
          answeredByText: joinNames(youLast(main.answeredBy, recipientId).map(nameOf)) || undefined,
          answered: main.answeredBy.length,
          members: input.memberCount,
        }
      : undefined,
    pollResults: polls.length
      ? polls.map((p) => {
          const options = p.pollOptions!;
          const counts = options.map((_, i) => p.votes.filter((v) => v.option === i).length);
          const answers = p.votes.length;
          const own = p.votes.find((v) => v.participantId === recipientId);
          return {
            question: p.title,
            yourAnswer: own ? options[own.option] : undefined,
            circle:
              answers >= CIRCLE_POLL_MIN_ANSWERS
                ? { answers, options: options.map((label, i) => ({ label, votes: counts[i] })) }
                : undefined,
            minAnswers: CIRCLE_POLL_MIN_ANSWERS,
          };
        })
      : undefined,
    next: input.next,
  };
}

/** Threads by messages this week, busiest first; each thread's writers by how much they wrote. */
function threadsOf(week: CircleWeek) {
  const byThread = new Map<
    string,
    { subject: string; messages: number; lastAt: number; authors: [string, number][] }
  >();
  for (const r of week.talk) {
    const t = byThread.get(r.threadId) ?? { subject: r.subject, messages: 0, lastAt: 0, authors: [] };
    t.messages += r.messages;
    t.lastAt = Math.max(t.lastAt, new Date(r.lastAt).getTime());
    t.authors.push([r.authorId, r.messages]);
    byThread.set(r.threadId, t);
  }
  return [...byThread.values()]
    .sort((a, b) => b.messages - a.messages || b.lastAt - a.lastAt)
    .map((t) => ({
      ...t,
      authors: t.authors.sort((a, b) => b[1] - a[1]).map(([id]) => id),
    }));
}

function youLast(ids: readonly string[], recipientId: string): string[] {
  return [...ids.filter((id) => id !== recipientId), ...ids.filter((id) => id === recipientId)];
}
