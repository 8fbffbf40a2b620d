/** A circle's own commands: `#leave` alone, or a lead's `#mute <name>` / `#unmute <name>`. */
export type CircleCommand = { command: 'leave' } | { command: 'mute' | 'unmute'; name: string };

// The whole first line is the command, as with the other email commands (parse-command.ts):
// prose never is one. `#leave <topic>` is left for topic rooms.
const LINE = /^#(leave|mute|unmute)(?: (\S.{0,79}))?$/i;

export function parseCircleCommand(newText: string): CircleCommand | null {
  const first = newText
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .find((l) => l.trim() !== '');
  let line = (first ?? '').trim().replace(/\s+/g, ' ');
  // "#leave." and "#mute Dana!" as people write them.
  while (line.endsWith('.') || line.endsWith('!')) line = line.slice(0, -1).trimEnd();
  const match = LINE.exec(line);
  if (!match) return null;
  const command = match[1].toLowerCase() as 'leave' | 'mute' | 'unmute';
  const name = (match[2] ?? '').trim();
  if (command === 'leave') return name ? null : { command };
  return name ? { command, name } : null;
}
