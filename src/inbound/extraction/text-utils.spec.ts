import { fold, isBlank } from './text-utils';

describe('fold', () => {
  it.each([
    ['  On Mon, 3 Jan 2022, Ann <ANN@X.ORG> WROTE:  ', 'on mon, 3 jan 2022, ann <ann@x.org> wrote:'],
    ['\tVon: Tom\t', 'von: tom'],
    ['Envoyé par : Zoë', 'envoye par : zoe'],
    ['\u200f\u200bEl lun, Ana escribió:\u00a0', 'el lun, ana escribio:'],
    ['Am 3.\u00a0Jan. schrieb ÅSA', 'am 3. jan. schrieb asa'],
    ['작성', '작성'],
  ])('folds %j to %j', (line, folded) => {
    expect(fold(line)).toBe(folded);
  });
});

describe('isBlank', () => {
  it.each([
    ['', true],
    [' \t ', true],
    ['\u200b\u00a0', true],
    ['\ufeff', true],
    [' x ', false],
    ['\u00a0é', false],
  ])('%j is blank: %s', (line, blank) => {
    expect(isBlank(line)).toBe(blank);
  });
});
