import {
  CIRCLE_POLL_MIN_ANSWERS,
  circleDigestContent,
  type CircleDigestInput,
} from './circle-digest-content';

const at = new Date('2026-03-05T10:00:00Z');
const input = (over: Partial<CircleDigestInput> = {}): CircleDigestInput => ({
  recipientId: 'me',
  names: new Map([
    ['me', 'Kenji'],
    ['lead', 'Jordan'],
    ['ana', 'Ana'],
  ]),
  memberCount: 4,
  weekNumber: 4,
  totalWeeks: 7,
  week: { talk: [], prompts: [] },
  ...over,
});

describe('circleDigestContent', () => {
  it('is null for a week with no message, prompt or poll: the digest is skipped', () => {
    expect(circleDigestContent(input())).toBeNull();
  });

  it('lists threads busiest first, the reader as "you" and last, and an author it cannot name as "a former member"', () => {
    const content = circleDigestContent(
      input({
        week: {
          prompts: [],
          talk: [
            { threadId: 't1', subject: 'Hello', authorId: 'gone', messages: 1, lastAt: at },
            { threadId: 't2', subject: 'Week 4', authorId: 'me', messages: 3, lastAt: at },
            { threadId: 't2', subject: 'Week 4', authorId: 'ana', messages: 1, lastAt: at },
          ],
        },
      }),
    )!;
    expect(content.talk).toEqual([
      { subject: 'Week 4', authorsText: 'Ana and you', messages: 4 },
      { subject: 'Hello', authorsText: 'a former member', messages: 1 },
    ]);
  });

  it('gives poll counts and the reader’s own answer only, and no counts below the threshold', () => {
    const poll = (votes: { participantId: string; option: number }[]) => ({
      week: 4,
      item: 1,
      promptKey: 'circle-pulse',
      title: 'Halfway pulse',
      pollOptions: ['Going well', 'Needs a tweak', 'Not working for me'],
      answeredBy: votes.map((v) => v.participantId),
      votes,
    });
    const two = [
      { participantId: 'me', option: 0 },
      { participantId: 'lead', option: 2 },
    ];
    const few = circleDigestContent(input({ week: { talk: [], prompts: [poll(two)] } }))!;
    expect(few.pollResults).toEqual([
      { question: 'Halfway pulse', yourAnswer: 'Going well', minAnswers: CIRCLE_POLL_MIN_ANSWERS },
    ]);
    const three = circleDigestContent(
      input({ week: { talk: [], prompts: [poll([...two, { participantId: 'ana', option: 2 }])] } }),
    )!;
    expect(three.pollResults![0].circle).toEqual({
      answers: 3,
      options: [
        { label: 'Going well', votes: 1 },
        { label: 'Needs a tweak', votes: 0 },
        { label: 'Not working for me', votes: 2 },
      ],
    });
    // A poll is no "prompt of the week": nobody's name is tied to a vote.
    expect(three.prompt).toBeUndefined();
    expect(JSON.stringify(three.pollResults)).not.toMatch(/Jordan|Ana|lead|ana/);
  });
});
