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

  it('prints the footer in a colour readable on the white body: contrast of at least 4.5:1 (WCAG AA)', () => {
    const html = relayHtml('Hello', { partnerName: 'Ann', programmeName: 'Bright Futures' });
    const colour = /<p style="[^"]*color:(#[0-9a-f]{6})">Who reads/.exec(html)?.[1];
    expect(colour).toBeDefined();
    // WCAG 2 relative luminance and contrast ratio, against the body's white.
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect((1 + 0.05) / (luminance(colour!) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});
