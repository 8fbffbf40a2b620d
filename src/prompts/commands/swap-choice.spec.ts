import { DEFAULT_CURRICULUM } from '../library/default-curriculum';
import { getPrompt } from '../library/prompt-library';
import { swapAlternative } from './swap-choice';

describe('swapAlternative', () => {
  const steps = DEFAULT_CURRICULUM.steps;
  /** A member who swaps their first prompt every week. */
  const offered = (role: 'mentor' | 'mentee') => {
    const had: string[] = [];
    for (const s of steps) {
      const key = swapAlternative(s, role, s.items[0].promptKey, had);
      if (key) had.push(key);
    }
    return had;
  };

  it('makes every swap prompt of the default curriculum reachable', () => {
    const swapKeys = new Set(steps.flatMap((s) => s.swapKeys));
    const reached = new Set([...offered('mentor'), ...offered('mentee')]);
    expect([...swapKeys].filter((k) => !reached.has(k))).toEqual([]);
  });

  it('never gives a member a prompt that reacts to an answer their partner was not asked for', () => {
    for (const role of ['mentor', 'mentee'] as const)
      for (const key of offered(role)) expect(getPrompt(key!).reacts).not.toBe(role);
    // "Answer their questions" is for mentors only after the mentee asked: mentees may swap to it, mentors not.
    expect(offered('mentor')).not.toContain('ask-me-anything');
    expect(offered('mentee')).toContain('ask-me-anything');
  });

  it('offers each alternative once before any comes back', () => {
    const mentor = offered('mentor');
    expect(mentor.slice(0, 3).sort()).toEqual([
      'head-heart-hands-feet',
      'place-that-matters',
      'playlist-swap',
    ]);
    expect(mentor[3]).toBe(mentor[0]);
  });

  it('offers nothing where the week has no swaps, and never the prompt being swapped', () => {
    expect(swapAlternative(steps[0], 'mentee', 'two-truths-and-a-wish')).toBeNull();
    const week = { ...steps[1], swapKeys: ['playlist-swap'] };
    expect(swapAlternative(week, 'mentee', 'playlist-swap')).toBeNull();
  });
});
