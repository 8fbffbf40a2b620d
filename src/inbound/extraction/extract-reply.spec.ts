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
