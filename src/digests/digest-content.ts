import type { Curriculum } from '../prompts/library/prompt-types';
import type { DigestWeeklyProps, ParticipantProps } from '../rendering/template-props';
import type { DigestData, DigestPromptRow } from './digest.repository';

const WEEK_MS = 7 * 86_400_000;

/**
 * Programme-wide poll counts appear only once at least this many people answered the poll. Below
 * it the counts would all but name the voters (in a 1:1 pairing, a count of two tells each side
 * the other's vote); the poll emails promise this number.
 */
export const POLL_COUNTS_MIN_ANSWERS = 5;

/** Polls whose programme-wide counts a digest built at `now` may show: those of its week. */
export function digestPollsSince(now: Date): Date {
  return new Date(now.getTime() - WEEK_MS);
}

export type DigestContent = Omit<DigestWeeklyProps, keyof ParticipantProps>;

/**
 * The digest's facts for one participant, or null when there is nothing to say (no prompt this
 * week, nobody owes a reply, no poll): an empty digest is skipped, not sent.
 */
export function digestContent(
  data: DigestData,
  curriculum: Curriculum,
  now: Date,
  fmt: (d: Date) => string,
  nextTitle: string | null,
): DigestContent | null {
  const { recipient, prompts, lastMessage } = data;
  const since = digestPollsSince(now);
  const recent = prompts.filter((p) => p.issuedAt > since);
  // This week's main prompt: the latest week that went out in the last seven days, its first item.
  const latestWeek = recent.reduce((w, p) => Math.max(w, p.week), 0);
  const main =
    recent.filter((p) => p.week === latestWeek && !p.pollOptions).sort((a, b) => a.item - b.item)[0] ??
    recent.filter((p) => p.week === latestWeek)[0];
  const polls = recent.filter((p) => p.pollOptions && p.pollOptions.length > 0);

  let owesReply: DigestContent['owesReply'];
  if (lastMessage && lastMessage.authorId === recipient.id)
    owesReply = { who: 'partner', sinceText: fmt(lastMessage.createdAt) };
  else if (lastMessage) owesReply = { who: 'you', sinceText: fmt(lastMessage.createdAt) };

  if (!main && !owesReply && polls.length === 0) return null;

  const week = prompts.reduce((w, p) => Math.max(w, p.week), 0) || 1;
  return {
    week,
    totalWeeks: curriculum.weeks,
    prompt: main ? { title: main.title, youAnswered: main.you, partnerAnswered: main.partner } : undefined,
    owesReply,
    pollResults: polls.length ? polls.map(pollResult) : undefined,
    next:
      recipient.nextRunAt && nextTitle ? { title: nextTitle, whenText: fmt(recipient.nextRunAt) } : undefined,
    progress: {
      week,
      totalWeeks: curriculum.weeks,
      promptsSent: prompts.length,
      answeredByYou: prompts.filter((p) => p.you).length,
      answeredByPartner: prompts.filter((p) => p.partner).length,
    },
  };
}

/**
 * What a digest may say about one poll: the recipient's own answer, and the programme's counts
 * once enough people answered. Never the pairing's own votes: nobody learns their partner's.
 */
function pollResult(p: DigestPromptRow): NonNullable<DigestContent['pollResults']>[number] {
  const options = p.pollOptions!;
  const counts = options.map((_, i) => p.programmeCounts?.[i] ?? 0);
  const answers = counts.reduce((a, b) => a + b, 0);
  return {
    question: p.title,
    yourAnswer: p.yourVote !== null ? options[p.yourVote] : undefined,
    programme:
      answers >= POLL_COUNTS_MIN_ANSWERS
        ? { answers, options: options.map((label, i) => ({ label, votes: counts[i] })) }
        : undefined,
    minAnswers: POLL_COUNTS_MIN_ANSWERS,
  };
}
