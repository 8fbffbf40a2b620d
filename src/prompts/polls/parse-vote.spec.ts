import { parseVote } from './parse-vote';

const OPTIONS = ['Great', 'Pretty good', 'Okay', 'Tough week'];

describe('parseVote', () => {
  it.each([
    ['2', 1],
    [' 3. ', 2],
    ['(4)', 3],
    ['pretty good', 1],
    ['Pretty Good!', 1],
    ['1. Great', 0],
    ['4 - Tough week', 3],
  ])('reads %j as option %i', (text, index) => {
    expect(parseVote(text, OPTIONS)).toBe(index);
  });

  it.each(['5', '0', '2. Great', 'Great week, thanks for asking', 'I think 2', '2\nand more', '', 'good'])(
    'does not count %j',
    (text) => {
      expect(parseVote(text, OPTIONS)).toBeNull();
    },
  );
});
