import { SAMPLE_PROMPT_PROPS } from '../../rendering/sample-props';
import { TemplateRenderer } from '../../rendering/template-renderer';
import { resolveTemplatesDir } from '../../rendering/templates-dir';
import { curriculumFor, curriculumOf, listCurricula } from '../curricula';
import { CIRCLE_CURRICULUM } from './circle-curriculum';
import { curriculumProblems } from './curriculum-validation';
import { DEFAULT_CURRICULUM } from './default-curriculum';
import { PROMPT_LIBRARY, getPrompt } from './prompt-library';
import { promptTemplateInput } from './prompt-template-input';

const keys = CIRCLE_CURRICULUM.steps.flatMap((s) => s.items.map((i) => i.promptKey));

describe('the circle curriculum', () => {
  it('is valid, and ships the eight group prompts the issue names plus a closing round', () => {
    expect(curriculumProblems(CIRCLE_CURRICULUM, PROMPT_LIBRARY)).toEqual([]);
    expect(keys).toEqual([
      'circle-introductions',
      'circle-goals-board',
      'circle-club-pick',
      'circle-skills-swap',
      'circle-club-discuss',
      'circle-pulse',
      'circle-case-discussion',
      'circle-museum-visit',
      'circle-closing-round',
    ]);
    // Nothing waits for a lead and nothing can be swapped for a prompt written for two people.
    for (const step of CIRCLE_CURRICULUM.steps) {
      expect(step.swapKeys).toEqual([]);
      expect(step.items.every((i) => !i.mentorFirst)).toBe(true);
    }
    expect(keys.map((k) => getPrompt(k).theme).every((t) => t === 'circle')).toBe(true);
  });

  it('is what a circle follows, whatever its programme chose; pairs keep the programme’s', () => {
    expect(curriculumOf('circle', DEFAULT_CURRICULUM.key)).toBe(CIRCLE_CURRICULUM);
    expect(curriculumOf('pair', DEFAULT_CURRICULUM.key)).toBe(DEFAULT_CURRICULUM);
    // Programmes choose for their pairs only.
    expect(listCurricula()).not.toContain(CIRCLE_CURRICULUM);
    expect(curriculumFor(CIRCLE_CURRICULUM.key)).toBe(DEFAULT_CURRICULUM);
  });

  it('tells a circle member that a reply reaches the whole circle and a poll shows counts only', async () => {
    const renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
    const { lang, programmeName, pauseUrl, unsubscribeUrl } = SAMPLE_PROMPT_PROPS;
    const recipient = {
      lang,
      programmeName,
      pauseUrl,
      unsubscribeUrl,
      role: 'mentee' as const,
      recipientName: 'Kim',
      partnerName: 'Night owls',
      circleName: 'Night owls',
    };
    const ctx = { recipient, week: 1, totalWeeks: 7, assetBaseUrl: 'https://mentormail.example/static/' };
    const intro = renderer.renderInput(promptTemplateInput(getPrompt('circle-introductions'), ctx));
    expect(intro.text).toContain('Welcome to Night owls!');
    expect(intro.text).toContain('your answer goes to everyone in Night owls');
    expect(intro.text).toContain('Who reads your reply: everyone in Night owls and your programme staff');
    const poll = renderer.renderInput(
      promptTemplateInput(getPrompt('circle-pulse'), {
        ...ctx,
        voteUrls: ['https://x.example/v/1', 'https://x.example/v/2', 'https://x.example/v/3'],
      }),
    );
    expect(poll.text).toContain('Night owls sees only how many chose each answer, never who chose what');
    expect(poll.text).toContain('never passed on to Night owls');
  });
});
