import { parsePick } from './pick-number';

describe('parsePick', () => {
  it('reads the number on the first line, and keeps what follows', () => {
    expect(parsePick('2')).toEqual({ n: 2, rest: '' });
    expect(parsePick('\n #3.\n\nSee you then!')).toEqual({ n: 3, rest: 'See you then!' });
    expect(parsePick('Option 1')).toEqual({ n: 1, rest: '' });
  });

  it('leaves prose alone', () => {
    expect(parsePick('2 of them work for me')).toBeNull();
    expect(parsePick('Thursday is better')).toBeNull();
    expect(parsePick('')).toBeNull();
  });
});
