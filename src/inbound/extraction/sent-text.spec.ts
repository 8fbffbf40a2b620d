import { removeSentTexts } from './sent-text';

const SENT =
  'Hi Ann, this week’s prompt: what is one habit that helped you most in your first year as a manager? Reply to this email.';

describe('removing the text we sent', () => {
  it('removes a re-wrapped, ">"-quoted copy and its attribution in any language', () => {
    const body = [
      'Delegating early, without a doubt.',
      '',
      'Am Mo., 3. Juni 2024 um 10:00 Uhr schrieb MentorMail <relay@example.org>:',
      '> Hi Ann, this week’s prompt: what is one habit that helped you',
      '> most in your first year as a',
      '> manager?  Reply to this email.',
    ].join('\n');
    const r = removeSentTexts(body, [SENT]);
    expect(r.body.trim()).toBe('Delegating early, without a doubt.');
    expect(r.removed).toContain('schrieb MentorMail');
  });

  it('finds an unquoted copy under an unknown-language attribution ending in a colon', () => {
    const body = `Rutiner.\n\nKuupäeval 3.06.2024 kirjutas Relay:\n\n${SENT}`;
    expect(removeSentTexts(body, [SENT]).body.trim()).toBe('Rutiner.');
  });

  it('leaves the body alone when our text is not there', () => {
    const body = 'Just a new message.';
    expect(removeSentTexts(body, [SENT])).toEqual({ body, removed: '' });
  });
});
