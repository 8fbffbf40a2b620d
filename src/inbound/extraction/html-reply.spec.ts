import { extractReply, withReplyText } from './extract-reply';
import { MAX_HTML_CHARS } from './limits';
import { BOUNDED_CEILING_MS, cpuTimed } from '../../../test/support/bounded';

const gmail = (reply: string) =>
  `<div dir="ltr">${reply}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` +
  'On Mon, Ann &lt;ann@example.com&gt; wrote:<br></div><blockquote class="gmail_quote" ' +
  'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204)"><div>Old <a href="https://old.example">' +
  'link</a></div><img src="cid:old@x"></blockquote></div>';

describe('the reply as HTML', () => {
  it('keeps links, lists, emphasis and inline images, and cuts the quote', () => {
    const r = extractReply({
      html: gmail(
        '<div>I read it <a href="https://example.org/a?b=1&amp;c=2">here</a>, <b>really</b> <i>good</i>.</div>' +
          '<ul><li>one</li><li><u>two</u></li></ul><div><img src="cid:ii_abc@x" alt="photo"><br></div>',
      ),
    });
    expect(r.reply).toBe('I read it here, really good.\none\ntwo');
    expect(r.html).toContain('<a href="https://example.org/a?b=1&amp;c=2">here</a>');
    expect(r.html).toContain('<b>really</b> <i>good</i>');
    expect(r.html).toContain('<ul><li>one</li><li><u>two</u></li></ul>');
    expect(r.html).toContain('<img src="cid:ii_abc@x" alt="photo" />');
    expect(r.html).not.toMatch(/Old|old\.example|cid:old|gmail_quote|style|class/);
  });

  it('drops what could act or track: scripts, handlers, styles, forms, remote and data images', () => {
    const r = extractReply({
      html:
        '<div style="color:red" onclick="x()">Hi <a href="javascript:alert(1)">there</a> ' +
        '<a href="https://ok.example" onmouseover="x()">ok</a><img src="https://tracker.example/p.gif">' +
        '<img src="data:image/png;base64,AAAA"><form action="https://x"><input value="v"></form>' +
        '<iframe src="https://x"></iframe><script>alert(2)</script><span style="x">end</span></div>',
    });
    expect(r.html).toBe('<div>Hi <a>there</a> <a href="https://ok.example">ok</a>end</div>');
  });

  it('keeps an image under the reply and drops the signature and what follows it', () => {
    const r = extractReply({
      html:
        '<div>See the plan</div><div><img src="cid:plan@x"></div><div>-- </div><div>Jo</div>' +
        '<div><img src="cid:logo@x"></div>',
    });
    expect(r.reply).toBe('See the plan');
    expect(r.html).toContain('cid:plan@x');
    expect(r.html).not.toMatch(/logo|Jo/);
  });

  it('cuts at an Outlook header block and keeps margin-less paragraphs tight', () => {
    const r = extractReply({
      html:
        '<p class="MsoNormal">Hallo <b>Welt</b><o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
        '<p class="MsoNormal"><a href="mailto:bob@example.com">Bob</a></p>' +
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>Von:</b> Adam<br>' +
        '<b>Gesendet:</b> Montag</p></div><p>Alt</p>',
    });
    expect(r.reply).toBe('Hallo Welt\n\nBob');
    expect(r.html).toBe(
      '<p style="margin:0">Hallo <b>Welt</b></p><p style="margin:0">\u00a0</p>' +
        '<p style="margin:0"><a href="mailto:bob@example.com">Bob</a></p>',
    );
  });

  it('keeps each line break once (a </br> would be read back as a second <br>)', () => {
    const r = extractReply({ html: '<div><div>Hi Tom,</div><div><br></div><div>I read</div></div>' });
    expect(r.html).toBe('<div><div>Hi Tom,</div><div><br /></div><div>I read</div></div>');
  });

  it('is absent when the reply came from a text part that says something else', () => {
    const r = extractReply({ text: 'Plain answer', html: '<div><img src="https://x/y.png"></div>' });
    expect(r.reply).toBe('Plain answer');
    expect(r.html).toBeUndefined();
  });

  it('is absent past MAX_HTML_CHARS, every word kept in the text', () => {
    const paragraph = (i: number) => `<p>Paragraph ${i} of <b>my</b> long answer.</p>`;
    const count = (n: number) =>
      extractReply({ html: gmail(Array.from({ length: n }, (_, i) => paragraph(i)).join('')) });
    const under = count(Math.floor(MAX_HTML_CHARS / 60));
    expect(under.html!.length).toBeLessThanOrEqual(MAX_HTML_CHARS);
    const n = Math.ceil(MAX_HTML_CHARS / 30);
    const over = count(n);
    expect(over.html).toBeUndefined();
    expect(over.reply).toContain('Paragraph 0 of my long answer.');
    expect(over.reply).toContain(`Paragraph ${n - 1} of my long answer.`);
    expect(over.quoted).toContain('Old link');
  });

  it('follows the text when a hook takes a line off it', () => {
    const r = extractReply({ html: '<div>#skip</div><div>See <a href="https://x.example">this</a></div>' });
    const narrowed = withReplyText(r, 'See this');
    expect(narrowed.html).toBe('<div>See <a href="https://x.example">this</a></div>');
    expect(withReplyText(r, 'Something else').html).toBeUndefined();
  });

  // Removed one node at a time, each removal searched and shifted its siblings: the first case
  // took 8 s and the second 14 s.
  it('trims 150,000 leading line breaks in bounded time', () => {
    const { value, ms } = cpuTimed(() => extractReply({ html: `${'<br>'.repeat(150_000)}Hello there` }));
    expect(ms).toBeLessThan(BOUNDED_CEILING_MS);
    expect(value.reply).toBe('Hello there');
    expect(value.html).toBe('Hello there');
  }, 60_000);

  it('prunes 200,000 empty elements in bounded time, keeping the words', () => {
    const { value, ms } = cpuTimed(() => extractReply({ html: `Hi<br>${'<b></b>'.repeat(200_000)}bye` }));
    expect(ms).toBeLessThan(BOUNDED_CEILING_MS);
    expect(value.reply).toBe('Hi\nbye');
    expect(value.html).toBe('Hi<br />bye');
  }, 60_000);
});
