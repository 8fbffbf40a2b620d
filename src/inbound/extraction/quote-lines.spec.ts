import { isQuotedLine, unquote, wrappedContinuations } from './quote-lines';

describe('quoted lines', () => {
  it.each(['> a', '>> nested', '  > indented', '| pipe-quoted', 'C> supercite', 'JD> initials', '>====='])(
    '%j is quoted',
    (line) => {
      expect(isQuotedLine(line)).toBe(true);
    },
  );

  it.each(['a > b', '| a | table | row |', 'Hi>', 'Cost: 3 > 2', '>= 3 items by Wednesday', '>=10 minutes'])(
    '%j is not quoted',
    (line) => {
      expect(isQuotedLine(line)).toBe(false);
    },
  );

  it('strips nested markers', () => {
    expect(unquote('> > > deep')).toBe('deep');
  });

  it('finds the overflow of a re-wrapped long quote line, not a reply between short quotes', () => {
    const lines = [
      '> a long quoted line that the client wrapped at seventy-two characters ex',
      'actly here',
      '> next',
      '> short',
      'my answer',
      '> more',
    ];
    expect([...wrappedContinuations(lines, lines.map(isQuotedLine))]).toEqual([1]);
  });
});
