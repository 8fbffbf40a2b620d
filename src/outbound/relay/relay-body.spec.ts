import { relayHtml, relayText, textToHtml } from './relay-body';

describe('relay body', () => {
  it('escapes everything the author wrote', () => {
    const html = textToHtml('<script>alert(1)</script> & "quotes"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('keeps line breaks and links', () => {
    const html = textToHtml('Hi\nsee https://example.org/a?b=1\n\nBye');
    expect(html).toContain('Hi<br>');
    expect(html).toContain('<a href="https://example.org/a?b=1">https://example.org/a?b=1</a>');
    expect(html.match(/<p /g)).toHaveLength(2);
  });

  it('tells the reader who can read along, in text and HTML', () => {
    const footer = { partnerName: 'Ann', programmeName: 'Bright Futures' };
    expect(relayText('Hello', footer)).toMatch(
      /^Hello\n\n-- \nWho reads this conversation: you, Ann and Bright Futures staff\.\nReply to this email to answer Ann\./,
    );
    expect(relayHtml('Hello', footer)).toContain(
      'Who reads this conversation: you, Ann and Bright Futures staff.',
    );
  });

  it('shows inline images by Content-ID, escaped', () => {
    const html = relayHtml('Look', { partnerName: 'A', programmeName: 'P' }, [
      { cid: 'img1@x', filename: 'a"b.png' },
    ]);
    expect(html).toContain('<img src="cid:img1@x" alt="a&quot;b.png"');
  });
});
