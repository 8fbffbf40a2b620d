import { extractReply } from './extract-reply';

describe('extractReply', () => {
  it('prefers the HTML part when it yields a reply', () => {
    const r = extractReply({
      text: 'Yes\n\n\nOn Mon, Ann <a@example.com> wrote:\n> q',
      html: '<div>Yes</div><blockquote type="cite"><div>q</div></blockquote>',
    });
    expect(r).toEqual({ reply: 'Yes', quoted: '> q', method: 'html', confident: true, html: '<div>Yes</div>' });
  });

  it('falls back to the text part when the HTML holds nothing', () => {
    const r = extractReply({ text: 'Plain answer', html: '<div><img src="cid:x"></div>' });
    expect(r.method).toBe('text');
    expect(r.reply).toBe('Plain answer');
  });

  it('uses the sent texts first', () => {
    const sent = 'What would you like to focus on in our next session together?';
    const r = extractReply({
      text: `Public speaking.\n\nLe 3 juin 2024, Relay <r@example.org> a écrit :\n> ${sent}`,
      sentTexts: [sent],
    });
    expect(r.method).toBe('sent-text');
    expect(r.reply).toBe('Public speaking.');
  });

  it('reports an empty message', () => {
    expect(extractReply({ text: '  ', html: null })).toEqual({
      reply: '',
      quoted: '',
      method: 'empty',
      confident: true,
    });
    expect(extractReply({ text: 'On Mon, 3 Jun 2024, Ann <a@example.com> wrote:\n> hi' }).method).toBe(
      'empty',
    );
  });

  it('falls back to the full text, unconfident, rather than lose words under a "--" line', () => {
    const r = extractReply({ text: '--\nEverything I wrote sits below a rule.' });
    expect(r).toMatchObject({
      reply: '--\nEverything I wrote sits below a rule.',
      method: 'fallback',
      confident: false,
    });
  });

  it('falls back when a "signature" is most of a long message', () => {
    const body = ['Hi', '--', ...Array.from({ length: 30 }, (_, i) => `Point ${i} of my answer.`)].join('\n');
    const r = extractReply({ text: body });
    expect(r.confident).toBe(false);
    expect(r.reply).toContain('Point 29 of my answer.');
  });

  it('keeps a body over the extraction bound whole and unconfident, quotes included', () => {
    const text = `Yes.\n\nOn Mon, 3 Jun 2024, Ann <a@example.com> wrote:\n${'> an old line of history\n'.repeat(50_000)}`;
    const r = extractReply({ text, html: '<p>Yes.</p>' });
    expect(r).toMatchObject({ method: 'fallback', confident: false, quoted: '' });
    expect(r.reply).toBe(text.trim());
  });

  it('keeps a body of more lines than the bound whole', () => {
    const text = `Yes.\n${'>\n'.repeat(30_000)}`;
    expect(extractReply({ text })).toMatchObject({ method: 'fallback', reply: text.trim() });
  });
});

describe('extractReply on bottom-posted mailing-list replies', () => {
  it('returns the answer below a quoted patch, not an empty reply', () => {
    const text =
      'From: Joe Bloggs <joe@example.com>\nDate: Mon, 3 Jun 2024 10:00:00 +0200\n\n> [PATCH] fix\n> body\n\nApplied.\n';
    expect(extractReply({ text })).toMatchObject({ reply: 'Applied.', method: 'text', confident: true });
  });
});

describe('extractReply on history with nothing written above it', () => {
  it.each([
    [
      'a forward without a note',
      '---------- Forwarded message ----------\nFrom: Hello <hello@example.com>\nDate: Wed, Feb 9, 2011 at 11:55 AM\nSubject: Offer\nTo: Bob <bob@example.com>\n\nThe internship offer is attached.',
    ],
    [
      'a list pseudo-header',
      'From: bob@example.org\nTo: list@example.org\nDate: Tue, 02 Jan 2024 05:00:00 +0000\n\nhello,\nbye',
    ],
  ])('keeps %s whole rather than an empty reply, unconfident', (_name, text) => {
    expect(extractReply({ text })).toEqual({
      reply: text,
      quoted: expect.any(String),
      method: 'fallback',
      confident: false,
    });
  });

  it('still returns nothing for a reply that only quotes', () => {
    expect(extractReply({ text: 'On Mon, 3 Jun 2024, Ann <ann@example.com> wrote:\n> hello\n' }).reply).toBe(
      '',
    );
  });
});
