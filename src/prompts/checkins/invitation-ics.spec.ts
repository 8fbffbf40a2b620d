import { buildInvitationIcs, checkinUid } from './invitation-ics';

const input = {
  uid: checkinUid('7d1c0a4e-1111-4222-8333-944455556666', 'secret-a', 'relay.example'),
  sequence: 2,
  start: new Date('2025-01-14T17:00:00Z'),
  durationMinutes: 20,
  summary: 'Video check-in: Rita, Tom',
  description: 'Join: https://meet.jit.si/a',
  location: 'https://meet.jit.si/a',
  organizer: { name: 'Bright "Futures"', address: 'bright-k3j9@relay.example' },
  now: new Date('2025-01-06T12:00:00Z'),
};

describe('buildInvitationIcs', () => {
  it('is a REQUEST for one event in UTC, organised by the relay address, with no attendee', () => {
    const lines = buildInvitationIcs(input).split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        `UID:${input.uid}`,
        'DTSTART:20250114T170000Z',
        'DURATION:PT20M',
        'SUMMARY:Video check-in: Rita\\, Tom',
        'LOCATION:https://meet.jit.si/a',
        'ORGANIZER;CN="Bright Futures":mailto:bright-k3j9@relay.example',
        'SEQUENCE:2',
      ]),
    );
    expect(lines.some((l) => l.startsWith('ATTENDEE'))).toBe(false);
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });
});

describe('checkinUid', () => {
  it('is stable for a check-in, names no id, and cannot be derived without the secret', () => {
    const id = '7d1c0a4e-1111-4222-8333-944455556666';
    expect(checkinUid(id, 'secret-a', 'relay.example')).toBe(input.uid);
    expect(input.uid).toMatch(/^checkin-[0-9a-f]{32}@relay\.example$/);
    expect(input.uid).not.toContain(id);
    expect(checkinUid(id, 'secret-b', 'relay.example')).not.toBe(input.uid);
  });
});
