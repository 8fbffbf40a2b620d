import type { Curriculum } from '../prompts/library/prompt-types';
import type { DigestWeeklyProps, ParticipantProps } from '../rendering/template-props';
import type { DigestData } from './digest.repository';

const WEEK_MS = 7 * 86_400_000;

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
  const since = new Date(now.getTime() - WEEK_MS);
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
    pollResults: polls.length
      ? polls.map((p) => ({
          question: p.title,
          options: p.pollOptions!.map((label, i) => ({
            label,
            votes: p.votes.filter((v) => v === i).length,
          })),
        }))
      : undefined,
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
