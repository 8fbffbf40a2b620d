import { parseScreeningChange, parseScreeningForm, type ScreeningOutcome } from './screening';
import { screeningNotice } from './screening.page';

describe('screening: what staff may send, and what the page then says', () => {
  it('the API takes a known check and a real boolean, naming every problem', () => {
    expect(parseScreeningChange({ check: 'training', recorded: false })).toEqual({
      ok: true,
      value: { check: 'training', recorded: false },
    });
    expect(parseScreeningChange({ check: 'toString', recorded: 'true' })).toEqual({
      ok: false,
      error: 'check must be "background" or "training"; recorded must be true or false',
    });
  });

  it('the form clears only with the confirmation ticked; recording needs none', () => {
    expect(parseScreeningForm({ check: 'background', action: 'record' })).toEqual({
      ok: true,
      value: { check: 'background', recorded: true },
    });
    expect(parseScreeningForm({ check: 'background', action: 'clear' })).toEqual({
      ok: false,
      error: 'Tick the box to confirm clearing the background check.',
    });
    expect(parseScreeningForm({ check: 'background', action: 'clear', confirm: 'yes' })).toEqual({
      ok: true,
      value: { check: 'background', recorded: false },
    });
    expect(parseScreeningForm({ check: 'background' }).ok).toBe(false);
    expect(parseScreeningForm({ check: '__proto__', action: 'record' }).ok).toBe(false);
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
