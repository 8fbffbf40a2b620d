import { rewriteCalendar } from './calendar';

const options = {
  relayAddress: 'm-abc@relay.localhost',
  ourDomain: 'relay.localhost',
  uidKey: 'k'.repeat(32),
};

// As Outlook writes it: the ORGANIZER line folded in the middle of the address.
const INVITE = [
  'BEGIN:VCALENDAR',
  'METHOD:REQUEST',
  'PRODID:Microsoft Exchange Server 2010',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'ORGANIZER;CN=Maria Mentor;SENT-BY="mailto:assistant@mentor.example":mailto:maria@ment',
  ' or.example',
  'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=tom@mentee.exa',
  ' mple:MAILTO:tom@mentee.example',
  'ATTENDEE;DELEGATED-FROM="mailto:boss@mentor.example";EMAIL=maria+cal@mentor.example:mailto:x@y.example',
  'UID:040000008200E00074C5B7101A82E0080000000010@mentor.example',
  'SUMMARY;LANGUAGE=en-US:Check-in',
  'DESCRIPTION;LANGUAGE=en-US:Questions? Write to maria%40mentor.example or see\\n',
  '  https://meet.example/j/1?pwd=x&u=maria@mentor.example',
  'DTSTART;TZID=Europe/Berlin:20260310T180000',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('rewriteCalendar', () => {
  const out = rewriteCalendar(INVITE, options);

  it('leaves no address but the relay address, folded lines included', () => {
    expect(unfold(out)).not.toMatch(/mentor\.example|mentee\.example|y\.example/i);
    expect(unfold(out)).not.toMatch(/(maria|assistant|boss|tom)(@|%40|\+)/i);
  });

  it('makes the organizer, attendees and delegates the relay address', () => {
    const lines = unfold(out).split('\r\n');
    expect(lines.find((l) => l.startsWith('ORGANIZER'))).toBe(
      'ORGANIZER;CN=Maria Mentor;SENT-BY="mailto:m-abc@relay.localhost":mailto:m-abc@relay.localhost',
    );
    const attendees = lines.filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees).toEqual([
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=[address hidden]:mailto:m-abc@relay.localhost',
      'ATTENDEE;DELEGATED-FROM="mailto:m-abc@relay.localhost";EMAIL=m-abc@relay.localhost:mailto:m-abc@relay.localhost',
    ]);
  });

  it('replaces the UID by a stable keyed hash, so updates still match their event', () => {
    const uid = /^UID:(.*)$/m.exec(unfold(out))?.[1];
    expect(uid).toMatch(/^[0-9a-f]{32}@relay\.localhost$/);
    expect(/^UID:(.*)$/m.exec(unfold(rewriteCalendar(INVITE, options)))?.[1]).toBe(uid);
    expect(
      /^UID:(.*)$/m.exec(unfold(rewriteCalendar(INVITE, { ...options, uidKey: 'other-key-123456' })))?.[1],
    ).not.toBe(uid);
  });

  it('keeps everything else byte for byte and folds at 75 octets', () => {
    expect(out).toContain('DTSTART;TZID=Europe/Berlin:20260310T180000\r\n');
    expect(out).toContain('SUMMARY;LANGUAGE=en-US:Check-in\r\n');
    expect(out.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of out.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('folds between characters, never inside one', () => {
    const long = `BEGIN:VCALENDAR\r\nSUMMARY:${'é'.repeat(60)}\r\nEND:VCALENDAR\r\n`;
    const folded = rewriteCalendar(long, options);
    expect(folded).not.toContain('\uFFFD');
    expect(unfold(folded)).toBe(long);
  });

  it("masks Outlook's HTML description as it renders, address split by tags or references", () => {
    const invite = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Agenda\\, notes</p><p><span>ann.lee</span>@exam',
      ' ple.org or ann.lee@<b>example.org</b> or ann&#64\\;exa&#109\\;ple.org</p>',
      ' <style>p::after{content:"x"}</style></body></html>',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const line = unfold(rewriteCalendar(invite, options))
      .split('\r\n')
      .find((l) => l.startsWith('X-ALT-DESC'));
    expect(line).toBeDefined();
    expect(line).not.toMatch(/ann|example|style/);
    expect(line).toBe(
      'X-ALT-DESC;FMTTYPE=text/html:<p>Agenda\\, notes</p><p>[address hidden] or [address hidden]<b></b> or [address hidden]</p>',
    );
  });

  it('leaves out an HTML description too long or too deeply nested to mask, keeping the rest', () => {
    for (const html of ['<p>x</p>'.repeat(40_000), `${'<div>'.repeat(20_000)}ann@example.org`]) {
      const out = rewriteCalendar(
        `BEGIN:VEVENT\r\nX-ALT-DESC;FMTTYPE=text/html:${html}\r\nSUMMARY:Call\r\n`,
        options,
      );
      expect(out).toBe('BEGIN:VEVENT\r\nSUMMARY:Call\r\n');
    }
  });
});
