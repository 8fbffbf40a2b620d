import { DEFAULT_CURRICULUM } from '../prompts/library/default-curriculum';
import { POLL_COUNTS_MIN_ANSWERS, digestContent } from './digest-content';
import type { DigestData, DigestPromptRow } from './digest.repository';

const NOW = new Date('2026-03-20T20:00:00Z');
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

function data(prompts: DigestPromptRow[], lastMessage: DigestData['lastMessage'] = null): DigestData {
  return {
    recipient: {
      id: 'me',
      name: 'Tom',
      role: 'mentee',
      email: 'tom@x.example',
      timeZone: 'UTC',
      locale: 'en',
      promptsStoppedAt: null,
      pausedUntil: null,
      pairingStatus: 'active',
      pairingKind: 'pair',
      pairingName: null,
      relayAddress: 'r@relay.localhost',
      programmeName: 'P',
      programmeId: 'programme',
      programmeSlug: 'p',
      curriculumKey: 'default-12-week',
      isMember: true,
      suppressed: false,
      partnerIds: ['them'],
      partnerNames: ['Maria'],
      nextRunAt: new Date('2026-03-24T09:00:00Z'),
      nextWeek: 3,
      nextItem: 0,
    },
    prompts,
    lastMessage,
  };
}

const prompt = (
  week: number,
  item: number,
  issued: Date,
  extra: Partial<DigestPromptRow> = {},
): DigestPromptRow => ({
  week,
  item,
  title: `W${week}.${item}`,
  issuedAt: issued,
  pollOptions: null,
  promptKey: 'k',
  yourVote: null,
  programmeCounts: null,
  you: false,
  partner: false,
  ...extra,
});

describe('digestContent', () => {
  it('is null when there is nothing to say, so the digest is skipped', () => {
    expect(digestContent(data([prompt(1, 0, day(20))]), DEFAULT_CURRICULUM, NOW, fmt, 'Next')).toBeNull();
  });

  it("shows this week's main prompt, who owes a reply, poll counts, next and progress", () => {
    const content = digestContent(
      data(
        [
          prompt(1, 0, day(10), { you: true, partner: true }),
          prompt(2, 0, day(3), { partner: true }),
          prompt(2, 1, day(1), {
            title: 'Mood',
            pollOptions: ['Good', 'So-so', 'Hard'],
            yourVote: 1,
            programmeCounts: [1, 3, 1],
          }),
        ],
        { authorId: 'them', createdAt: day(2) },
      ),
      DEFAULT_CURRICULUM,
      NOW,
      fmt,
      'Goals moodboard',
    )!;
    expect(content.prompt).toEqual({ title: 'W2.0', youAnswered: false, partnerAnswered: true });
    expect(content.owesReply).toEqual({ who: 'you', sinceText: '2026-03-18' });
    expect(content.pollResults).toEqual([
      {
        question: 'Mood',
        yourAnswer: 'So-so',
        programme: {
          answers: 5,
          options: [
            { label: 'Good', votes: 1 },
            { label: 'So-so', votes: 3 },
            { label: 'Hard', votes: 1 },
          ],
        },
        minAnswers: POLL_COUNTS_MIN_ANSWERS,
      },
    ]);
    expect(content.next).toEqual({ title: 'Goals moodboard', whenText: '2026-03-24' });
    expect(content.progress).toEqual({
      week: 2,
      totalWeeks: 12,
      promptsSent: 3,
      answeredByYou: 1,
      answeredByPartner: 2,
    });
  });

  it(`shows only the recipient's own answer until ${POLL_COUNTS_MIN_ANSWERS} people answered the poll`, () => {
    const mood = (programmeCounts: number[], yourVote: number | null) =>
      digestContent(
        data([
          prompt(2, 1, day(1), {
            title: 'Mood',
            pollOptions: ['Good', 'So-so', 'Hard'],
            yourVote,
            programmeCounts,
          }),
        ]),
        DEFAULT_CURRICULUM,
        NOW,
        fmt,
        null,
      )!.pollResults;
    // The pair alone answered: counts would tell each side the other's vote.
    expect(mood([1, 0, 1], 0)).toEqual([{ question: 'Mood', yourAnswer: 'Good', minAnswers: 5 }]);
    expect(mood([1, 1, 2], null)).toEqual([{ question: 'Mood', minAnswers: 5 }]);
    expect(mood([1, 2, 2], null)?.[0].programme?.answers).toBe(5);
  });

  it('says the partner owes the reply when the last message was mine', () => {
    const content = digestContent(
      data([], { authorId: 'me', createdAt: day(4) }),
      DEFAULT_CURRICULUM,
      NOW,
      fmt,
      null,
    )!;
    expect(content.owesReply?.who).toBe('partner');
    expect(content.prompt).toBeUndefined();
    expect(content.next).toBeUndefined();
  });
});
