import { escapeHtml, html } from './html';

// prettier-ignore on the templates: prettier would reformat `html` literals as HTML.
describe('html', () => {
  it('escapes interpolated text, attributes included', () => {
    const evil = `"><script>alert(1)</script>`;
    // prettier-ignore
    const out = html`<a title="${evil}">${evil}</a>`.value;
    expect(out).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });

  it('keeps nested fragments and joins lists', () => {
    // prettier-ignore
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>`.value;
    expect(out).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders nothing for null, undefined and false', () => {
    // prettier-ignore
    const out = html`[${null}${undefined}${false}${0}]`.value;
    expect(out).toBe('[0]');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
