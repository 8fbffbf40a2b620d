import { cleanIntroduction, greetingName } from './participant-names';

describe('greetingName', () => {
  it('takes the preferred first name when there is one', () => {
    expect(greetingName({ name: 'Margarita Lopez', preferredName: 'Rita' })).toBe('Rita');
  });

  it('falls back to the first word of the full name', () => {
    expect(greetingName({ name: 'Maria Mentor', preferredName: null })).toBe('Maria');
    expect(greetingName({ name: '  Tom  ', preferredName: '  ' })).toBe('Tom');
  });
});

describe('cleanIntroduction', () => {
  it('collapses whitespace and stores blank as null', () => {
    expect(cleanIntroduction(' Designer at\n a small studio ')).toBe('Designer at a small studio');
    expect(cleanIntroduction('   ')).toBeNull();
    expect(cleanIntroduction(undefined)).toBeNull();
  });
});
