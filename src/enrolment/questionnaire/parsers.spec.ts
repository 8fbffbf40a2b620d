import { availabilityText, parseAvailability } from './availability';
import { parseLanguages } from './languages';
import { parsePreferences } from './preferences';
import { DEFAULT_PROFILE_OPTIONS, matchOptions, profileOptions } from './profile-options';
import { splitAnswers } from './reply-answers';
import { isClearNo, parseAge, parseCapacity, parseEmail, parseRole } from './small-answers';
import { parseTimeZone } from './time-zone';

describe('list answers map to the programme list where they clearly match', () => {
  const topics = (text: string) => matchOptions(text, DEFAULT_PROFILE_OPTIONS.topics).keys;
  it.each([
    ['Coding, public speaking', ['software', 'communication']],
    ['PROGRAMMING and Résumés', ['software', 'job-search']],
    ['my CV; interviews', ['job-search']],
    ['Leadership & Management', ['leadership']],
    ['help with confidence and imposter syndrome', ['wellbeing']],
    ['Data science / machine learning', ['data']],
    ['entrepreneurship\nstartups', ['entrepreneurship']],
  ])('%j', (text, keys) => expect(topics(text)).toEqual(keys));

  it('keeps what names nothing apart', () => {
    expect(matchOptions('pottery, coding', DEFAULT_PROFILE_OPTIONS.topics)).toEqual({
      keys: ['software'],
      unmatched: ['pottery'],
    });
  });

  it('takes a programme’s own list over the defaults', () => {
    const options = profileOptions({
      topics: ['Robotics', { key: 'bio', label: 'Biology', synonyms: ['life sciences'] }],
    });
    expect(matchOptions('robotic; Life Sciences', options.topics).keys).toEqual(['robotics', 'bio']);
    expect(options.goals).toBe(DEFAULT_PROFILE_OPTIONS.goals);
  });

  it('maps goals', () => {
    expect(matchOptions('Get a job, and to feel more confident', DEFAULT_PROFILE_OPTIONS.goals).keys).toEqual(
      ['first-job', 'confidence'],
    );
  });
});

describe('time zones from what people write', () => {
  it.each([
    ['Lisbon', 'Europe/Lisbon'],
    ['I live in São Paulo', 'America/Sao_Paulo'],
    ['new york', 'America/New_York'],
    ['Lyon, France', 'Europe/Paris'],
    ['Manchester (UK)', 'Europe/London'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['EST', 'America/New_York'],
    ['UTC+2', 'Etc/GMT-2'],
    ['gmt -5', 'Etc/GMT+5'],
    ['Bangalore', 'Asia/Kolkata'],
    ['Los Angeles', 'America/Los_Angeles'],
    ['Cape Town', 'Africa/Johannesburg'],
  ])('%s -> %s', (text, zone) => expect(parseTimeZone(text)).toBe(zone));

  it('says nothing when nothing names a place', () => expect(parseTimeZone('not sure')).toBeNull());
});

describe('weekly availability', () => {
  const text = (s: string) => availabilityText(parseAvailability(s));
  it.each([
    ['Tuesday and Thursday evenings', 'Tue 18:00-21:00, Thu 18:00-21:00'],
    ['Mon 18-20', 'Mon 18:00-20:00'],
    ['Mon 18-20, Wed mornings', 'Mon 18:00-20:00, Wed 09:00-12:00'],
    ['evenings on Tuesday and Thursday', 'Tue 18:00-21:00, Thu 18:00-21:00'],
    ['weekends', 'Sat 09:00-21:00, Sun 09:00-21:00'],
    [
      'weekdays after 6pm',
      'Mon 18:00-21:00, Tue 18:00-21:00, Wed 18:00-21:00, Thu 18:00-21:00, Fri 18:00-21:00',
    ],
    ['Fridays 6-8pm', 'Fri 18:00-20:00'],
    ['Saturday 9am to 11:30am', 'Sat 09:00-11:30'],
    ['mon-wed lunchtime', 'Mon 12:00-14:00, Tue 12:00-14:00, Wed 12:00-14:00'],
    ['Thursdays 18:30–20:00', 'Thu 18:30-20:00'],
  ])('%s', (input, expected) => expect(text(input)).toBe(expected));

  it('finds nothing in text without days or times', () =>
    expect(parseAvailability('it depends')).toEqual([]));
});

describe('languages', () => {
  it.each([
    ['English, Spanish', ['english', 'spanish']],
    ['Español y inglés', ['spanish', 'english']],
    ['english (native) and some French', ['english', 'french']],
    ['Mandarin Chinese / Cantonese', ['mandarin', 'cantonese']],
  ])('%s', (text, names) => expect(parseLanguages(text)).toEqual(names));
});

describe('preferences, hard and soft', () => {
  it('reads needs and wishes', () => {
    expect(
      parsePreferences('must speak Spanish, and prefer a mentor who is first-generation').preferences,
    ).toEqual([
      { kind: 'background', value: 'spanish', hard: true },
      { kind: 'background', value: 'first-generation', hard: false },
    ]);
    expect(parsePreferences('Ideally the same time zone; I need someone in my industry').preferences).toEqual(
      [
        { kind: 'max-tz-distance', value: 3, hard: false },
        { kind: 'same-industry', hard: true },
      ],
    );
    expect(parsePreferences('only a Portuguese-speaking mentor').preferences).toEqual([
      { kind: 'background', value: 'portuguese', hard: true },
    ]);
  });
  it.each(['none', 'No preference', "I don't mind", 'n/a'])('%s is none', (text) =>
    expect(parsePreferences(text)).toEqual({ preferences: [], none: true }),
  );
});

describe('short answers', () => {
  it.each([
    ['I would love to mentor', 'mentor'],
    ["I'm looking for a mentor", 'mentee'],
    ['Mentee please', 'mentee'],
    ['either is fine', 'either'],
    ['both', 'either'],
    ['hello', null],
  ])('role of %j', (text, role) => expect(parseRole(text)).toBe(role));

  it('capacity is 1 to 3', () => {
    expect([
      parseCapacity('2'),
      parseCapacity('two mentees'),
      parseCapacity('up to 3'),
      parseCapacity('5'),
    ]).toEqual([2, 2, 3, null]);
  });
  it('age and email', () => {
    expect([parseAge("I'm 15 years old"), parseAge('old enough')]).toEqual([15, null]);
    expect(parseEmail('my mum: Maria.Silva@Example.org')).toBe('maria.silva@example.org');
  });
  it.each([
    ['No', true],
    ['stop', true],
    ['No thanks.', true],
    ['not interested', true],
    ['No problem, count me in!', false],
    ['Yes please', false],
    ['ok', false],
  ])('a clear no: %j', (text, no) => expect(isClearNo(text)).toBe(no));
});

describe('answers split by number or read in order', () => {
  const valid = [1, 2, 3, 4, 5];
  it.each([
    ['1. Sam\n2) coding\nQ3: Lisbon', { 1: 'Sam', 2: 'coding', 3: 'Lisbon' }],
    ['Question 4 - weekends\n5 – none', { 4: 'weekends', 5: 'none' }],
    ['1. Sam\nstill Sam\n\n3. Mon 18-20\n3-5pm too', { 1: 'Sam\nstill Sam', 3: 'Mon 18-20\n3-5pm too' }],
    ['18-20 on Mondays\nLisbon', { 2: '18-20 on Mondays', 3: 'Lisbon' }],
    ['Sam\n\ncoding and design', { 2: 'Sam', 3: 'coding and design' }],
    ['Thanks, I will answer later!', {}],
  ])('%j', (text, expected) =>
    expect(Object.fromEntries(splitAnswers(text, valid, [2, 3, 4]))).toEqual(expected),
  );
});
