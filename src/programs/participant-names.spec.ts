import {
  cleanIntroduction,
  greetingName,
  NAME_PLACEHOLDER,
  nameFromHeader,
  nameOthersSee,
  withoutAddresses,
} from './participant-names';

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

describe('names never carry an address', () => {
  it('takes every address-like part out of a name', () => {
    expect(withoutAddresses('Ann Lee (ann.lee@gmail.com)')).toBe('Ann Lee');
    expect(withoutAddresses('Ann Lee <ann.lee@gmail.com>')).toBe('Ann Lee');
    expect(withoutAddresses('ann.lee@example.org')).toBe('');
    expect(withoutAddresses('ann (at) example (dot) org | Ann')).toBe('Ann');
    expect(withoutAddresses('Ann ann@localhost')).toBe('Ann');
    expect(withoutAddresses("Seán O'Brien-Ní")).toBe("Seán O'Brien-Ní");
  });

  it("a join email's name: the display name without addresses, else the placeholder", () => {
    expect(nameFromHeader('Lucía Fernández', 'lucia@people.example')).toBe('Lucía Fernández');
    expect(nameFromHeader('ann.lee@example.org', 'ann.lee@example.org')).toBe(NAME_PLACEHOLDER);
    expect(nameFromHeader('ann.lee@gmail.com', 'ann@work.example')).toBe(NAME_PLACEHOLDER);
    expect(nameFromHeader('Ann (ann.lee@gmail.com)', 'a.lee@work.example')).toBe('Ann');
    // No display name, or the local part a client fills in its place: part of the address.
    expect(nameFromHeader(null, 'cory.quinn@people.example')).toBe(NAME_PLACEHOLDER);
    expect(nameFromHeader('cory.quinn', 'cory.quinn@people.example')).toBe(NAME_PLACEHOLDER);
    // A name the sender chose to show stays, even when it resembles the address.
    expect(nameFromHeader('Ann', 'ann@work.example')).toBe('Ann');
    expect(nameFromHeader('  --  ', 'x@people.example')).toBe(NAME_PLACEHOLDER);
  });

  it('others see the name, else the first name chosen, else the placeholder; greetings likewise', () => {
    expect(nameOthersSee({ name: 'Maria Mentor', preferredName: 'Mia' })).toBe('Maria Mentor');
    expect(nameOthersSee({ name: NAME_PLACEHOLDER, preferredName: 'Cory' })).toBe('Cory');
    expect(nameOthersSee({ name: 'ann.lee@example.org', preferredName: null })).toBe(NAME_PLACEHOLDER);
    expect(nameOthersSee({ name: 'Ann ann.lee@example.org' })).toBe('Ann');
    expect(greetingName({ name: 'ann.lee@example.org Lee', preferredName: null })).toBe('Lee');
    expect(greetingName({ name: 'x', preferredName: 'ann@example.org' })).toBe('x');
  });
});
