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

describe('removing the text we sent never takes the person’s words', () => {
  it('keeps a reply that opens with our whole short message and goes on', () => {
    const body = 'See you Monday then, and I will bring my CV';
    expect(removeSentTexts(body, ['See you Monday'])).toEqual({ body, removed: '' });
  });

  it('keeps a reply that is only a repeat of our words, with no quote or attribution', () => {
    const body = 'See you Monday!';
    expect(removeSentTexts(body, ['See you Monday'])).toEqual({ body, removed: '' });
  });

  it('keeps an answer that starts by repeating the question on the same line', () => {
    const question = 'What is one habit that helped you most in your first year as a manager?';
    const body = `${question} Delegating early, and saying no to meetings without an agenda.`;
    expect(removeSentTexts(body, [question]).body).toBe(body);
  });

  it('keeps a paragraph under an attribution that holds our text and new sentences', () => {
    const body = `Kuupäeval 3.06.2024 kirjutas Relay:\n${SENT}\nAnd here is what I think about it, at length.`;
    expect(removeSentTexts(body, [SENT]).body).toBe(body);
  });

  it('still removes our quoted copy after a reply that repeats our opening words', () => {
    const body = [
      'See you Monday then, and I will bring my CV',
      '',
      'On Fri, 7 Jun 2024, Relay wrote:',
      '> See you Monday',
    ].join('\n');
    expect(removeSentTexts(body, ['See you Monday']).body.trim()).toBe(
      'See you Monday then, and I will bring my CV',
    );
  });

  it('keeps an inline answer between quoted lines of our text under an attribution', () => {
    const body = [
      'On Fri, 7 Jun 2024 at 10:00, Relay <relay@example.org> wrote:',
      '> Hi Ann, this week’s prompt: what is one habit that helped you',
      'Delegating, always.',
      '> most in your first year as a manager? Reply to this email.',
    ].join('\n');
    expect(removeSentTexts(body, [SENT]).body).toContain('Delegating, always.');
  });
});
