import {
  checkDateInstant,
  parseScreeningChange,
  parseScreeningForm,
  type ScreeningOutcome,
} from './screening';
import { screeningNotice } from './screening.page';

const TODAY = '2026-12-07';

describe('screening: what staff may send, and what the page then says', () => {
  it('takes the day a check was done, when recording: a calendar date, not after today', () => {
    expect(parseScreeningForm({ check: 'training', action: 'record', on: '2026-11-30' }, TODAY)).toEqual({
      ok: true,
      value: { check: 'training', recorded: true, on: '2026-11-30' },
    });
    expect(parseScreeningForm({ check: 'training', action: 'record', on: ' ' }, TODAY)).toEqual({
      ok: true,
      value: { check: 'training', recorded: true },
    });
    expect(parseScreeningForm({ check: 'training', action: 'record', on: '2026-12-08' }, TODAY)).toEqual({
      ok: false,
      error: 'The date 2026-12-08 is in the future.',
    });
    expect(parseScreeningForm({ check: 'training', action: 'record', on: '2026-02-30' }, TODAY).ok).toBe(
      false,
    );
    expect(parseScreeningChange({ check: 'background', recorded: true, on: '2026-01-15' }, TODAY)).toEqual({
      ok: true,
      value: { check: 'background', recorded: true, on: '2026-01-15' },
    });
    expect(parseScreeningChange({ check: 'background', recorded: false, on: '2026-01-15' }, TODAY)).toEqual({
      ok: false,
      error: 'on is the day a check was done: only for recording it',
    });
    expect(parseScreeningChange({ check: 'background', recorded: true, on: 20260115 }, TODAY).ok).toBe(false);
    expect(checkDateInstant('2026-01-15')).toEqual(new Date('2026-01-15T12:00:00Z'));
  });

  it('the API takes a known check and a real boolean, naming every problem', () => {
    expect(parseScreeningChange({ check: 'training', recorded: false }, TODAY)).toEqual({
      ok: true,
      value: { check: 'training', recorded: false },
    });
    expect(parseScreeningChange({ check: 'toString', recorded: 'true' }, TODAY)).toEqual({
      ok: false,
      error: 'check must be "background" or "training"; recorded must be true or false',
    });
  });

  it('the form clears only with the confirmation ticked; recording needs none', () => {
    expect(parseScreeningForm({ check: 'background', action: 'record' }, TODAY)).toEqual({
      ok: true,
      value: { check: 'background', recorded: true },
    });
    expect(parseScreeningForm({ check: 'background', action: 'clear' }, TODAY)).toEqual({
      ok: false,
      error: 'Tick the box to confirm clearing the background check.',
    });
    expect(parseScreeningForm({ check: 'background', action: 'clear', confirm: 'yes' }, TODAY)).toEqual({
      ok: true,
      value: { check: 'background', recorded: false },
    });
    expect(parseScreeningForm({ check: 'background' }, TODAY).ok).toBe(false);
    expect(parseScreeningForm({ check: '__proto__', action: 'record' }, TODAY).ok).toBe(false);
  });

  it('the notice counts what a clearing took them out of, only where the programme asks', () => {
    const cleared: ScreeningOutcome = {
      check: 'training',
      recorded: false,
      changed: true,
      required: true,
      withdrawn: { pausedPairs: 2, circlesLeft: 1, roomsLeft: 0 },
    };
    expect(screeningNotice(cleared)).toBe(
      'Safeguarding training cleared. 2 pairings where they are the mentor paused; they left 1 circle ' +
        'they lead and 0 topic rooms. Recording it again resumes none of them.',
    );
    expect(screeningNotice({ ...cleared, required: false })).toBe(
      'Safeguarding training cleared. This programme does not ask for screening: nothing else changed.',
    );
    expect(screeningNotice({ ...cleared, changed: false })).toBe(
      'The safeguarding training was not recorded: nothing changed.',
    );
  });
});
