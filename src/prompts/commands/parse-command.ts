import type { EmailCommand } from '../../rendering/template-props';

export interface ParsedCommand {
  command: EmailCommand;
  /** #pause only: whole weeks, 1 to MAX_PAUSE_WEEKS. */
  weeks?: number;
  /** What the reply says after the command line; relayed unless empty. */
  rest: string;
  /** #rematch only: the reason, all of it (same line and below), for staff only; never relayed. */
  reason?: string;
}

export const DEFAULT_PAUSE_WEEKS = 2;
export const MAX_PAUSE_WEEKS = 12;

/** Shown by #help and in every confirmation: the grammar lives here, next to its parser. */
export const COMMAND_HELP: { example: string; effect: string }[] = [
  {
    example: '#pause 2 weeks',
    effect: 'No prompts or digests for that long (1 to 12 weeks; 2 if you leave it out).',
  },
  { example: '#resume', effect: 'Prompts and digests start again now.' },
  { example: '#skip', effect: 'Skip your next prompt. Only yours: your partner still gets it.' },
  {
    example: '#swap',
    effect:
      'In reply to a prompt: get a different one instead, now. On its own: your next prompt is swapped. Only yours.',
  },
  { example: '#stop', effect: 'No more prompts or digests. Your conversation keeps working.' },
  {
    example: '#rematch your reason',
    effect:
      'Ask programme staff for a different partner. Only staff read your reason; your partner is not sent this email.',
  },
  { example: '#help', effect: 'This list.' },
];

// The whole first line must be the command: "#pause", "#pause 3", "#pause 3 weeks", "#stop."
// A hash is required, so prose ("please stop by on Friday", "Stop!") is never a command.
const LINE = /^#(pause|resume|skip|swap|stop|help|continue)(?:\s+(\d{1,2})(?:\s*(?:weeks?|wks?|w))?)?\s*[.!]?$/i;

// "#rematch" alone, or followed by the reason after a space or a colon ("#rematch: we never write").
const REMATCH = /^#rematch(?:[\s:.,-](.*))?$/i;

/**
 * The command on the first non-empty line of a reply's new text, or null. Anything that only
 * looks like one (a longer sentence, an unknown word, #pause for 40 weeks) is left as text.
 */
export function parseCommand(newText: string): ParsedCommand | null {
  const lines = newText.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return null;
  const rematch = REMATCH.exec(lines[first].trim());
  if (rematch) {
    // The whole reply is the reason: none of it may reach the partner, so nothing is left to relay.
    const said = (rematch[1] ?? '').replace(/^[\s:.,-]+/, '');
    const reason = [said, ...lines.slice(first + 1)].join('\n').trim();
    return { command: 'rematch', rest: '', reason };
  }
  const match = LINE.exec(lines[first].trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const command = match[1].toLowerCase() as EmailCommand;
  const rest = lines
    .slice(first + 1)
    .join('\n')
    .trim();
  if (match[2] !== undefined) {
    const weeks = Number(match[2]);
    if (command !== 'pause' || weeks < 1 || weeks > MAX_PAUSE_WEEKS) return null;
    return { command, weeks, rest };
  }
  return command === 'pause' ? { command, weeks: DEFAULT_PAUSE_WEEKS, rest } : { command, rest };
}

/**
 * The command a reply with no text of its own carries in its subject, as the text to read it
 * from, or null. Some clients follow a footer's mailto link but drop its body and keep the
 * subject, or the person types the command there. Only a subject that is a command and nothing
 * else counts ("Re: #help" is a reply about help), and "unsubscribe", the subject our
 * List-Unsubscribe mailto asks for, is "#stop". A reply with text of its own is read as before.
 */
export function commandInSubject(subject: string | null): string | null {
  const text = (subject ?? '').trim();
  if (/^unsubscribe$/i.test(text)) return '#stop';
  const command = parseCommand(text);
  return command && command.rest === '' ? text : null;
}
