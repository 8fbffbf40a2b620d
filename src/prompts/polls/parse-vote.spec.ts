import { parseVote } from './parse-vote';

const OPTIONS = ['Great', 'Pretty good', 'Okay', 'Tough week'];
const MIDPOINT = ['On track', 'Needs a tweak', 'Stuck'];
const PULSE = ['1, not at all', '2, a little', '3, somewhat', '4, quite a lot', '5, very much'];
const MOOD = ['😀 Good', '😐 So-so', '😟 Hard'];
const CLOSE = ['Yes, definitely', 'Probably', 'Not sure', 'Probably not', 'No'];

describe('parseVote', () => {
  it.each([
    ['2', 1],
    [' 3. ', 2],
    ['(4)', 3],
    ['pretty good', 1],
    ['Pretty Good!', 1],
    ['1. Great', 0],
    ['4 - Tough week', 3],
    ['\n\n2\n', 1],
  ])('reads %j as option %i without a comment', (text, index) => {
    expect(parseVote(text, OPTIONS)).toEqual({ optionIndex: index, comment: null });
  });

  it.each([
    ['2\nIt was hard to find time', MIDPOINT, 1, 'It was hard to find time'],
    [
      '2\r\n\r\nIt was hard to find time.\r\nNext month is better.',
      MIDPOINT,
      1,
      'It was hard to find time.\nNext month is better.',
    ],
    ['Somewhat - we met twice', PULSE, 2, 'we met twice'],
    ['3, somewhat, we met twice', PULSE, 2, 'we met twice'],
    ['Stuck: nothing moved', MIDPOINT, 2, 'nothing moved'],
    ['2 - we should meet more', MIDPOINT, 1, 'we should meet more'],
    ['2. Needs a tweak. More structure please', MIDPOINT, 1, 'More structure please'],
    ['good! best week so far', MOOD, 0, 'best week so far'],
    ['Probably not, too busy', CLOSE, 3, 'too busy'],
  ])('reads %j as a vote with its comment', (text, options, index, comment) => {
    expect(parseVote(text, options)).toEqual({ optionIndex: index, comment });
  });

  it.each([
    ['5', OPTIONS],
    ['0', OPTIONS],
    ['2. Great', OPTIONS],
    ['Great week, thanks for asking', OPTIONS],
    ['I think 2', OPTIONS],
    ['', OPTIONS],
    ['good', OPTIONS],
    ['2 weeks ago we met and it went well', MIDPOINT],
    ['Stuckness is not the word', MIDPOINT],
    ['Probably not sure', CLOSE],
    ['Hi Sam,\n2', MIDPOINT],
  ])('does not count %j', (text, options) => {
    expect(parseVote(text, options)).toBeNull();
  });

  it('keeps a long comment to a bounded size', () => {
    const vote = parseVote(`1\n${'x'.repeat(10_000)}`, OPTIONS);
    expect(vote?.comment?.length).toBe(4000);
  });
});
