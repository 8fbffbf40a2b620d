import { DateTime } from 'luxon';
import { formatLocal, isoWeekOf, localInstant, nextLocalSendTime } from './local-time';

const iso = (d: Date) => d.toISOString();

describe('localInstant', () => {
  it('moves a time in the spring-forward gap forward (2026)', () => {
    // New York jumps 02:00 -> 03:00 on 8 March 2026.
    expect(iso(localInstant('America/New_York', '2026-03-08', 2, 30))).toBe('2026-03-08T07:30:00.000Z');
    // Berlin jumps 02:00 -> 03:00 on 29 March 2026: 02:00 becomes 03:00 CEST = 01:00Z.
    expect(iso(localInstant('Europe/Berlin', '2026-03-29', 2))).toBe('2026-03-29T01:00:00.000Z');
    // Lord Howe jumps 02:00 -> 02:30 (+10:30 -> +11) on 4 October 2026.
    expect(iso(localInstant('Australia/Lord_Howe', '2026-10-04', 2, 15))).toBe('2026-10-03T15:45:00.000Z');
  });

  it('takes the first of an ambiguous fall-back time (2026)', () => {
    // New York repeats 01:00-02:00 on 1 November 2026: first is EDT (-04:00).
    expect(iso(localInstant('America/New_York', '2026-11-01', 1, 30))).toBe('2026-11-01T05:30:00.000Z');
    // Berlin repeats 02:00-03:00 on 25 October 2026: first is CEST (+02:00).
    expect(iso(localInstant('Europe/Berlin', '2026-10-25', 2))).toBe('2026-10-25T00:00:00.000Z');
    // Lord Howe repeats 01:30-02:00 on 5 April 2026: first is +11:00.
    expect(iso(localInstant('Australia/Lord_Howe', '2026-04-05', 1, 45))).toBe('2026-04-04T14:45:00.000Z');
  });

  it('keeps ordinary times exact on both sides of a change', () => {
    expect(iso(localInstant('America/New_York', '2026-03-07', 9))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(localInstant('America/New_York', '2026-03-09', 9))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(localInstant('Australia/Lord_Howe', '2026-04-06', 9))).toBe('2026-04-05T22:30:00.000Z');
  });
});

describe('nextLocalSendTime', () => {
  it('keeps 09:00 local across the New York change', () => {
    // Sundays at 09:00: before (EST, -5) and after (EDT, -4) the 8 March change.
    const first = nextLocalSendTime('America/New_York', 7, 9, new Date('2026-03-01T00:00:00Z'));
    expect(iso(first)).toBe('2026-03-01T14:00:00.000Z');
    const second = nextLocalSendTime('America/New_York', 7, 9, first);
    expect(iso(second)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('sends at 02:00 on the Berlin change days: forward in spring, first in autumn', () => {
    const spring = nextLocalSendTime('Europe/Berlin', 7, 2, new Date('2026-03-28T12:00:00Z'));
    expect(iso(spring)).toBe('2026-03-29T01:00:00.000Z');
    const autumn = nextLocalSendTime('Europe/Berlin', 7, 2, new Date('2026-10-24T12:00:00Z'));
    expect(iso(autumn)).toBe('2026-10-25T00:00:00.000Z');
    // Strictly after: asking from the first 02:00 does not yield the second 02:00 an hour later.
    const after = nextLocalSendTime('Europe/Berlin', 7, 2, autumn);
    expect(iso(after)).toBe('2026-11-01T01:00:00.000Z');
  });

  it('handles Lord Howe half-hour shifts', () => {
    // Sunday 4 October 2026 at 02:00 does not exist (02:00 -> 02:30): it becomes 02:30 (+11).
    const gap = nextLocalSendTime('Australia/Lord_Howe', 7, 2, new Date('2026-10-01T00:00:00Z'));
    expect(iso(gap)).toBe('2026-10-03T15:30:00.000Z');
    // Monday 09:00 a week apart spans the April change: +11 then +10:30.
    const before = nextLocalSendTime('Australia/Lord_Howe', 1, 9, new Date('2026-03-29T00:00:00Z'));
    expect(iso(before)).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(nextLocalSendTime('Australia/Lord_Howe', 1, 9, before))).toBe('2026-04-05T22:30:00.000Z');
  });

  it('returns the same day when the hour is still ahead, and rejects unknown zones', () => {
    const at = nextLocalSendTime('UTC', 2, 9, new Date('2026-06-02T08:59:00Z'));
    expect(iso(at)).toBe('2026-06-02T09:00:00.000Z');
    expect(() => nextLocalSendTime('Mars/Olympus', 2, 9, new Date())).toThrow(/time zone/);
  });
});

describe('isoWeekOf', () => {
  it('uses the local week, not the UTC one', () => {
    // Sunday 23:30 in New York is already Monday (next ISO week) in UTC.
    expect(isoWeekOf(new Date('2026-03-09T03:30:00Z'), 'America/New_York')).toBe('2026-W10');
    expect(isoWeekOf(new Date('2026-03-09T03:30:00Z'), 'UTC')).toBe('2026-W11');
  });
});

describe('formatLocal', () => {
  it("writes the date and time in the recipient's zone and language", () => {
    const at = new Date('2026-03-10T08:00:00Z');
    expect(formatLocal(at, 'Europe/Berlin', 'de')).toBe('Dienstag, 10. März um 09:00');
    expect(formatLocal(at, 'Asia/Tokyo', 'en-GB')).toBe('Tuesday 10 March at 17:00');
    // Across New York's spring-forward: 08:00Z is 03:00 EST on the 8th, 04:00 EDT on the 9th.
    expect(formatLocal(new Date('2026-03-08T08:00:00Z'), 'America/New_York', 'en-GB')).toBe(
      'Sunday 8 March at 04:00',
    );
  });

  it('puts a plain space before AM and PM, in every zone', () => {
    // ICU writes a narrow no-break space there; luxon passed it on for UTC only.
    for (const zone of ['UTC', 'America/New_York']) {
      expect(formatLocal(new Date('2026-03-10T15:05:00Z'), zone, 'en-US')).toMatch(
        /^Tuesday, March 10 at \d\d:05 [AP]M$/,
      );
    }
  });

  it('reads an unknown zone as UTC', () => {
    expect(formatLocal(new Date('2026-03-10T08:00:00Z'), 'Mars/Olympus_Mons', 'en-GB')).toBe(
      'Tuesday 10 March at 08:00',
    );
  });

  it('says what luxon said, for every zone and language the seeds and tests use', () => {
    const zones = [
      'UTC',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
    ];
    const locales = ['en', 'en-US', 'en-GB', 'de', 'fr', 'pt-BR', 'es-419', 'ja', 'ar', 'he', 'zh-Hant'];
    for (const zone of zones) {
      for (const locale of locales) {
        for (let day = 0; day < 365; day += 17) {
          const at = new Date(Date.UTC(2026, 0, 1, day % 24, (day * 7) % 60) + day * 86_400_000);
          const luxon = DateTime.fromJSDate(at, { zone }).setLocale(locale).toLocaleString({
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            hour: '2-digit',
            minute: '2-digit',
          });
          expect(`${zone} ${locale} ${formatLocal(at, zone, locale)}`).toBe(
            `${zone} ${locale} ${luxon.replace(/\u202f/g, ' ')}`,
          );
        }
      }
    }
  });
});
