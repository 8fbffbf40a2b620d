/**
 * `#join <topic>` and `#leave <topic>` on the first line of a reply, to any MentorMail address;
 * `#leave` alone is a room's own leave only in a reply to that room (a circle's is CircleCommandHook's).
 */
export type RoomCommand = { command: 'join' | 'leave'; topic: string | null };

const LINE = /^#(join|leave)(?:[\s:]+(.{1,120}))?$/i;

/** A topic as people write it, as rooms store it: lower-case words of letters and digits. */
export function topicKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
}

export function parseRoomCommand(newText: string): RoomCommand | null {
  const first = newText
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .find((l) => l.trim() !== '');
  const match = LINE.exec((first ?? '').trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const command = match[1].toLowerCase() as 'join' | 'leave';
  // Quotes and a closing full stop are how people write it: "#join "getting into tech"."
  const topic = topicKey(match[2] ?? '');
  if (command === 'join' && !topic) return null;
  return { command, topic: topic || null };
}

export type RsvpReading = 'yes' | 'no' | null;

const YES = /^(yes|yep|yeah|y|sure|count me in|i will be there|i'll be there|ja|oui|si|sí|accepted)\b/i;
const NO = /^(no|nope|n|sorry|can't|cannot|can not|i can't|not this time|nein|non|declined)\b/i;

/**
 * Yes or no to a call invitation: the first line of the reply, else the subject a calendar's
 * answer carries ("Accepted: ...", "Declined: ..."). Anything else is no answer.
 */
export function readRsvp(newText: string, subject: string | null): RsvpReading {
  const first = (
    newText
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .find((l) => l.trim() !== '') ?? ''
  ).trim();
  for (const text of [first, (subject ?? '').trim()]) {
    if (YES.test(text)) return 'yes';
    if (NO.test(text)) return 'no';
  }
  return null;
}
