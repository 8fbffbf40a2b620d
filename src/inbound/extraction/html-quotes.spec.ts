import { domToText } from './html-text';
import { prepareHtml } from './html-quotes';

const render = (html: string): string => domToText(prepareHtml(html).root);

describe('HTML quote containers and conversion', () => {
  it('renders blockquotes as ">" lines and drops Gmail attribution containers', () => {
    const html =
      '<div dir="ltr">Thanks!</div><div class="gmail_quote"><div class="gmail_attr">Am Mo., 1. Jan. schrieb X:</div>' +
      '<blockquote class="gmail_quote"><div>Old text</div></blockquote></div>';
    expect(render(html)).toBe('Thanks!\n> Old text');
  });

  it('cuts at Outlook #appendonsend / #divRplyFwdMsg and everything after', () => {
    const html =
      '<div>New</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> A</div><div>Old</div>';
    const prepared = prepareHtml(html);
    expect(prepared.foundContainer).toBe(true);
    expect(domToText(prepared.root)).toBe('New');
  });

  it('cuts at an Outlook header block drawn with a top border', () => {
    const html =
      '<p class="MsoNormal">Hallo</p><div style="border:none;border-top:solid #E1E1E1 1.0pt">' +
      '<p class="MsoNormal"><b>Von:</b> Adam<br><b>Gesendet:</b> Montag</p></div><p>Alt</p>';
    expect(render(html)).toBe('Hallo');
  });

  it('quotes Yahoo and ProtonMail containers and drops Thunderbird cite prefixes', () => {
    expect(
      render('<div>Yes</div><div class="ydp1yahoo_quoted"><div>On Thu, Jane wrote:</div><div>Hi</div></div>'),
    ).toBe('Yes\n> On Thu, Jane wrote:\n> Hi');
    expect(render('<p style="margin:0">Ok</p><div class="protonmail_quote">old</div>')).toBe('Ok\n> old');
    expect(
      render(
        '<div>Ok</div><div class="moz-cite-prefix">On 1/2/24 Ann wrote:</div><blockquote>x</blockquote>',
      ),
    ).toBe('Ok\n> x');
  });

  it("keeps Gmail's indent blockquote (no border) as the person's text", () => {
    const html =
      '<div>Plan:</div><blockquote style="margin:0 0 0 40px;border:none;padding:0px"><div>step one</div></blockquote>';
    expect(render(html)).toBe('Plan:\nstep one');
  });

  it('cuts Zimbra quoted text', () => {
    expect(render('<div>Bien reçu</div><hr id="zwchr"><div data-marker="__QUOTED_TEXT__">vieux</div>')).toBe(
      'Bien reçu',
    );
  });

  it('keeps the visible line structure: divs, <br>, empty lines, link text only', () => {
    const html =
      '<div>Hallo Adam</div><div><br></div><div>Siehe <a href="https://x.example">hier</a>.</div><p>Absatz</p><p>Zwei</p>';
    expect(render(html)).toBe('Hallo Adam\n\nSiehe hier.\nAbsatz\n\nZwei\n');
  });
});
