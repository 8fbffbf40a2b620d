import { SAMPLE_PROPS } from '../../rendering/sample-props';
import type { ParticipantProps } from '../../rendering/template-props';
import { TemplateRenderer } from '../../rendering/template-renderer';
import { resolveTemplatesDir } from '../../rendering/templates-dir';
import { curriculumProblems } from './curriculum-validation';
import { DEFAULT_CURRICULUM } from './default-curriculum';
import { PROMPT_LIBRARY, getPrompt } from './prompt-library';
import { promptTemplateInput } from './prompt-template-input';
import type { PromptCopy } from './prompt-types';

const words = (copy: PromptCopy): number =>
  [copy.intro, copy.ask, copy.replyHint, copy.example, copy.roleLine]
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean).length;

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
    '%s is short, with one clear ask per role',
    (_key, prompt) => {
      for (const role of ['mentor', 'mentee'] as const) {
        const copy = prompt.body[role];
        expect(words(copy)).toBeLessThanOrEqual(170);
        expect(copy.ask.trim()).not.toBe('');
        expect(copy.replyHint.trim()).not.toBe('');
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
    expect(keysIn(1)).toEqual(['two-truths-and-a-wish', 'user-manual-of-me']);
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

describe('every prompt renders', () => {
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
  }, 30_000);

  const recipient = (role: 'mentor' | 'mentee'): ParticipantProps => {
    const { lang, programmeName, pauseUrl, unsubscribeUrl } = SAMPLE_PROPS.prompt;
    return { lang, programmeName, pauseUrl, unsubscribeUrl, role, recipientName: 'Kim', partnerName: 'Lee' };
  };

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
      const expected = prompt.kind === 'poll' || prompt.kind === 'video-checkin' ? prompt.kind : 'prompt';
      expect(input.name).toBe(expected);
      const out = renderer.renderInput(input);
      expect(out.html).not.toContain('{{');
      expect(out.text).toContain(prompt.body[role].ask);
      expect(out.subject).toContain(prompt.title);
      if (prompt.image) expect(out.html).toContain(`alt="${prompt.image.alt}"`);
      if (prompt.kind === 'video-checkin') expect(out.text).toContain('.ics');
    }
  });
});
