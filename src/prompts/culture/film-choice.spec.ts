import { readFilmChoice } from './film-choice';

const OFFER = ['Hidden Figures', 'Paddington 2', 'Spider-Man: Into the Spider-Verse'];

describe('readFilmChoice', () => {
  it.each([
    ['2', 1],
    ['2.', 1],
    ['#3 please, Saturday night', 2],
    ['No. 1 - I love space stories', 0],
    ['\n\n  1\nSee you after the weekend', 0],
    ['Let’s do paddington 2! I never saw it.', 1],
    ['spider-man: into the spider-verse, definitely', 2],
    ['I pick Spider Man Into the Spider Verse', 2],
    ['Hidden figures sounds great, or Paddington 2', 0],
  ])('reads %j', (reply, expected) => {
    expect(readFilmChoice(reply, OFFER)).toBe(expected);
  });

  it.each(['Happy with anything!', '4', '12 Angry Men', '', 'Paddington would be fun'])(
    'chooses nothing from %j',
    (reply) => {
      expect(readFilmChoice(reply, OFFER)).toBeNull();
    },
  );
});
