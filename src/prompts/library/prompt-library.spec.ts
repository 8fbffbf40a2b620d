import { SAMPLE_PROMPT_PROPS } from '../../rendering/sample-props';
import type { ParticipantProps } from '../../rendering/template-props';
import { TemplateRenderer } from '../../rendering/template-renderer';
import { resolveTemplatesDir } from '../../rendering/templates-dir';
import { curriculumProblems } from './curriculum-validation';
import { DEFAULT_CURRICULUM } from './default-curriculum';
import { PROMPT_LIBRARY, getPrompt, libraryTemplateProblems } from './prompt-library';
import type { Curriculum, CurriculumStep } from './prompt-types';
import { promptTemplateInput, sampleCulture } from './prompt-template-input';

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** What a prompt email says between the greeting and the footer: its own words and its card. */
function promptBody(text: string): string {
  const start = text.indexOf('Hi Kim,');
  const end = text.search(/\nWho (?:reads|got) /);
  if (start < 0 || end < start) throw new Error(`no greeting or footer in:\n${text}`);
  return text.slice(start + 'Hi Kim,'.length, end);
}

const REQUIRED_KEYS = [
  'two-truths-and-a-wish',
  'user-manual-of-me',
  'values-card-sort',
  'goals-moodboard',
  'smart-goal',
  'woop',
  'movie-club-pick',
  'movie-club-discuss',
  'virtual-museum-tour',
  'best-mistake-swap',
  'informational-interview',
  'network-map',
  'reverse-mentoring',
  'article-podcast-club',
  'headline-from-the-future',
  'strength-spotting',
  'midpoint-pulse',
  'gratitude-note',
  'letter-to-future-self',
  'closing-reflection',
  'video-checkin',
];

describe('prompt library', () => {
  it('holds at least 25 prompts with unique keys', () => {
    expect(PROMPT_LIBRARY.length).toBeGreaterThanOrEqual(25);
    const keys = PROMPT_LIBRARY.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('includes the activities the programme design relies on', () => {
    for (const key of REQUIRED_KEYS) expect(getPrompt(key).key).toBe(key);
    expect(getPrompt('letter-to-future-self').kind).toBe('letter');
    expect(getPrompt('video-checkin').kind).toBe('video-checkin');
    expect(PROMPT_LIBRARY.filter((p) => p.kind === 'poll').length).toBeGreaterThanOrEqual(3);
  });

  it.each(PROMPT_LIBRARY.map((p) => [p.key, p] as const))(
    '%s has one clear ask per role and says what to reply',
    (_key, prompt) => {
      for (const role of ['mentor', 'mentee'] as const) {
        const card = prompt.card[role];
        expect(card.ask.trim()).not.toBe('');
        expect(card.replyHint.trim()).not.toBe('');
      }
      // Titles become subjects ("Week 10: ..." or "Quick poll: ..."), which should stay near 50 characters.
      expect(prompt.title.length).toBeLessThanOrEqual(40);
      expect(prompt.minutes).toBeGreaterThan(0);
      if (prompt.kind === 'poll') expect(prompt.pollOptions?.length).toBeGreaterThanOrEqual(2);
      if (prompt.image) expect(prompt.image.alt.trim().length).toBeGreaterThan(10);
    },
  );
});

describe('default curriculum', () => {
  it('has twelve weekly steps that all reference existing prompts', () => {
    expect(DEFAULT_CURRICULUM.steps).toHaveLength(12);
    expect(curriculumProblems(DEFAULT_CURRICULUM, PROMPT_LIBRARY)).toEqual([]);
  });

  it('opens with introductions, pulses in weeks 4 and 8, and returns the letter in week 12', () => {
    const keysIn = (week: number) => DEFAULT_CURRICULUM.steps[week - 1].items.map((i) => i.promptKey);
    expect(keysIn(1)).toEqual(['two-truths-and-a-wish', 'user-manual-of-me', 'reply-rhythm']);
    expect(keysIn(4)).toContain('pulse-score');
    expect(keysIn(8)).toContain('pulse-score');
    expect(DEFAULT_CURRICULUM.steps[11].returnLetterKeys).toEqual(['letter-to-future-self']);
    expect(DEFAULT_CURRICULUM.steps[10].notices).toContain('two-weeks-left');
  });

  it('reports a curriculum that references an unknown prompt or returns a letter too early', () => {
    const broken = {
      ...DEFAULT_CURRICULUM,
      steps: DEFAULT_CURRICULUM.steps.map((step) =>
        step.week === 2
          ? {
              ...step,
              items: [{ promptKey: 'no-such-prompt', dayOffset: 0 }],
              returnLetterKeys: ['letter-to-future-self'],
            }
          : step,
      ),
    };
    const problems = curriculumProblems(broken, PROMPT_LIBRARY);
    expect(problems).toContain('week 2: unknown prompt no-such-prompt');
    expect(problems).toContain('week 2: letter letter-to-future-self is returned before it is written');
  });
});

describe('sequencing: nobody reacts to something that does not exist yet', () => {
  const withWeek = (week: number, change: (step: CurriculumStep) => CurriculumStep): Curriculum => ({
    ...DEFAULT_CURRICULUM,
    steps: DEFAULT_CURRICULUM.steps.map((s) => (s.week === week ? change(s) : s)),
  });

  it('makes every step whose mentee part reacts to the mentor mentor-first', () => {
    const reacting = DEFAULT_CURRICULUM.steps.flatMap((s) =>
      s.items.filter((i) => getPrompt(i.promptKey).reacts === 'mentee').map((i) => [i.promptKey, i.mentorFirst]),
    );
    expect(reacting.map(([key]) => key)).toEqual([
      'movie-club-pick',
      'squiggly-career-timeline',
      'article-podcast-club',
    ]);
    for (const [, mentorFirst] of reacting) expect(mentorFirst).toEqual({ waitDays: 2 });
  });

  it('fails when a mentee-side prompt refers to the mentor without being mentor-first', () => {
    const plain = withWeek(6, (s) => ({
      ...s,
      items: s.items.map((i) => ({ promptKey: i.promptKey, dayOffset: i.dayOffset })),
    }));
    expect(curriculumProblems(plain, PROMPT_LIBRARY)).toEqual([
      "week 6: squiggly-career-timeline: the mentee reacts to the mentor's answer, so the step must be mentor-first",
    ]);
    // Undeclared: the words alone give it away.
    const sneaky = PROMPT_LIBRARY.map((p) =>
      p.key === 'best-mistake-swap'
        ? { ...p, card: { ...p.card, mentee: { ...p.card.mentee, ask: 'Reply to your mentor’s mistake story.' } } }
        : p,
    );
    expect(curriculumProblems(DEFAULT_CURRICULUM, sneaky)).toEqual([
      "week 6: best-mistake-swap: the mentee card refers to the mentor's answer but does not declare reacts: 'mentee'",
    ]);
  });

  it('fails when the wait runs into the next item or a reacting prompt is a one-sided swap', () => {
    const long = withWeek(6, (s) => ({
      ...s,
      items: s.items.map((i, n) => (n === 0 ? { ...i, mentorFirst: { waitDays: 3 } } : i)),
    }));
    expect(curriculumProblems(long, PROMPT_LIBRARY)).toEqual([
      'week 6: squiggly-career-timeline: a wait of 3 days must be at least 1 and end before day 3',
    ]);
    const swap = withWeek(9, (s) => ({ ...s, swapKeys: ['article-podcast-club'] }));
    expect(curriculumProblems(swap, PROMPT_LIBRARY)).toEqual([
      'week 9: swap article-podcast-club would ask the mentee about an answer nobody was asked for',
    ]);
  });
});

// "About 150 words": the longest body, card and reply line included, is 155 today.
const MAX_BODY_WORDS = 170;

describe('every prompt renders from its own MJML file', () => {
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
  }, 30_000);

  const recipient = (role: 'mentor' | 'mentee'): ParticipantProps => {
    const { lang, programmeName, pauseUrl, unsubscribeUrl } = SAMPLE_PROMPT_PROPS;
    return { lang, programmeName, pauseUrl, unsubscribeUrl, role, recipientName: 'Kim', partnerName: 'Lee' };
  };

  it('has a file for every library prompt, and a prompt for every file', () => {
    expect(libraryTemplateProblems(renderer.templateNames)).toEqual([]);
    const withoutWoop = renderer.templateNames.filter((n) => n !== 'prompt:woop');
    expect(libraryTemplateProblems([...withoutWoop, 'prompt:wopo'])).toEqual([
      'prompt:woop: no templates/prompts file',
      'prompt:wopo: a template file without a library prompt',
    ]);
  });

  it.each(PROMPT_LIBRARY.map((p) => [p.key, p] as const))('%s, for mentor and mentee', (_key, prompt) => {
    for (const role of ['mentor', 'mentee'] as const) {
      const input = promptTemplateInput(prompt, {
        recipient: recipient(role),
        week: 5,
        totalWeeks: 12,
        assetBaseUrl: 'https://mentormail.example/static/',
        voteUrls: prompt.pollOptions?.map((_, i) => `https://mentormail.example/v/${i}`),
        proposedTimeText: 'Thursday at 18:00',
      });
      expect(input.name).toBe(`prompt:${prompt.key}`);
      // Filled as a pairing's copy is (films, a tour), and still within the word budget.
      if (prompt.uses) {
        const filled = renderer.renderInput(
          promptTemplateInput(prompt, {
            recipient: recipient(role),
            week: 5,
            totalWeeks: 12,
            assetBaseUrl: 'https://mentormail.example/static/',
            culture: sampleCulture(prompt),
          }),
        );
        expect(words(promptBody(filled.text))).toBeLessThanOrEqual(MAX_BODY_WORDS);
        for (const f of sampleCulture(prompt)?.films ?? []) expect(filled.text).toContain(`${f.number}. ${f.title}`);
        if (prompt.uses === 'film-discussion') expect(filled.text).toContain(sampleCulture(prompt)!.film!.title);
        if (prompt.uses === 'virtual-tour') expect(filled.html).toContain(`href="${sampleCulture(prompt)!.tour!.url}"`);
      }
      const out = renderer.renderInput(input);
      expect(out.html).not.toContain('{{');
      expect(out.text).toContain(prompt.card[role].ask);
      expect(words(promptBody(out.text))).toBeLessThanOrEqual(MAX_BODY_WORDS);
      expect(out.subject).toContain(prompt.title);
      if (prompt.image) expect(out.html).toContain(`alt="${prompt.image.alt}"`);
      if (prompt.kind === 'video-checkin') expect(out.text).toContain('.ics');
    }
  });
});
