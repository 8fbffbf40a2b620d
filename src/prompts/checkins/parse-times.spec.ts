import { parseProposedTimes } from './parse-times';

// Tuesday 7 January 2025, 10:00 in Berlin.
const now = new Date('2025-01-07T09:00:00Z');
const berlin = { zone: 'Europe/Berlin', locale: 'en-GB', now };
const iso = (text: string, opts = berlin) => parseProposedTimes(text, opts).times.map((t) => t.toISOString());

describe('parseProposedTimes', () => {
  it('reads the forms mentors write, in the writer’s own zone', () => {
    expect(iso('Tue 14 Jan 18:00')).toEqual(['2025-01-14T17:00:00.000Z']);
    expect(iso('14/01 6pm')).toEqual(['2025-01-14T17:00:00.000Z']);
    expect(iso('Thursday 7:30pm')).toEqual(['2025-01-09T18:30:00.000Z']);
    expect(iso('Thursday 7:30pm', { ...berlin, zone: 'America/New_York' })).toEqual([
      '2025-01-10T00:30:00.000Z',
    ]);
  });

  it('takes more forms: ISO dates, month first, dotted dates, ranges, am/pm apart, list markers', () => {
    expect(
      iso(
        [
          '1. Wed 15 January at 6.30 pm',
          '- 2025-01-16 08:15',
          'Jan 17, 12pm - 12:30pm',
          '18.01. 9 Uhr',
          'tomorrow 18h30',
          'Monday 20/1 7 pm',
        ].join('\n'),
      ),
    ).toEqual([
      '2025-01-15T17:30:00.000Z',
      '2025-01-16T07:15:00.000Z',
      '2025-01-17T11:00:00.000Z',
      '2025-01-18T08:00:00.000Z',
      '2025-01-08T17:30:00.000Z',
      '2025-01-20T18:00:00.000Z',
    ]);
    expect(iso('01/14 6pm', { ...berlin, locale: 'en-US' })).toEqual(['2025-01-14T17:00:00.000Z']);
  });

  it('reads month and weekday names in the writer’s locale too', () => {
    expect(iso('Dienstag 14. Januar 18:00', { ...berlin, locale: 'de' })).toEqual([
      '2025-01-14T17:00:00.000Z',
    ]);
    expect(iso('jeudi 16 janvier 18h', { ...berlin, locale: 'fr' })).toEqual(['2025-01-16T17:00:00.000Z']);
  });

  it('keeps the other lines as the note, with the first link as the video link', () => {
    const parsed = parseProposedTimes(
      'Happy to talk!\nTue 14 Jan 18:00\nThursday 7:30pm\n\nJitsi: https://meet.jit.si/northside-rita.',
      berlin,
    );
    expect(parsed.times).toHaveLength(2);
    expect(parsed.note).toBe('Happy to talk!\n\nJitsi: https://meet.jit.si/northside-rita.');
    expect(parsed.videoLink).toBe('https://meet.jit.si/northside-rita');
  });

  it('never takes prose for a time', () => {
    for (const line of [
      'I am free most evenings after 6pm',
      'Looking forward to it',
      'Tuesday works best for me',
      'See you on 14 Jan',
      'Call me at 18:00',
    ])
      expect(iso(line)).toEqual([]);
  });

  it('says why a line that looks like a time cannot be used', () => {
    const { times, unreadable } = parseProposedTimes(
      ['6pm', 'Wed 14 Jan 18:00', '31/02 18:00', 'Mon 6 Jan 18:00 2025', 'Monday 6pm or Tuesday 7pm'].join(
        '\n',
      ),
      berlin,
    );
    expect(times).toEqual([]);
    expect(unreadable.map((u) => u.why)).toEqual([
      'which day?',
      '14 January 2025 is a Tuesday',
      'that date does not exist',
      'that time has passed',
      'one time per line, please',
    ]);
  });

  it('rolls a date without a year into next year once this year’s has passed', () => {
    expect(iso('3 Jan 18:00')).toEqual(['2026-01-03T17:00:00.000Z']);
  });

  it('keeps at most nine times and drops repeats', () => {
    const lines = Array.from({ length: 11 }, (_, i) => `${10 + i}/01 18:00`);
    const parsed = parseProposedTimes([lines[0], ...lines].join('\n'), berlin);
    expect(parsed.times).toHaveLength(9);
    expect(parsed.unreadable).toHaveLength(2);
  });
});
