import { linkTargets } from './link-targets';

describe('linkTargets', () => {
  it('reads quoted, single-quoted and bare attribute values, href and src', () => {
    expect(
      linkTargets(
        `<a href="https://wa.me/1">a</a><a HREF='https://t.me/x'>b</a><img src=https://x.com/p.png>`,
      ),
    ).toEqual(['https://wa.me/1', 'https://t.me/x', 'https://x.com/p.png']);
  });

  it('decodes character references and resolves the host as a browser does', () => {
    expect(linkTargets('<a href="https&#58;//WA&#x2E;ME/44&amp;x">chat</a>')).toEqual(['https://wa.me/44&x']);
  });

  it('reads a host hidden by percent-escapes, full-width letters or invisible characters', () => {
    expect(linkTargets('<a href="https://wa%2Eme/1">a</a><a href="https://ｗａ.me/2">b</a>')).toEqual([
      'https://wa.me/1',
      'https://wa.me/2',
    ]);
    expect(linkTargets('<a href="https://w\u200ba.me/3">c</a>')).toEqual(['https://wa.me/3']);
  });

  it('keeps a value that is not a URL as written, and finds nothing in text without links', () => {
    expect(linkTargets('<a href="/relative">x</a>')).toEqual(['/relative']);
    expect(linkTargets('<p>href is a word here</p>')).toEqual([]);
  });
});
