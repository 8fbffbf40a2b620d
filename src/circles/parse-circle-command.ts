/** A circle's own commands: `#leave` alone, or a lead's `#mute <name>` / `#unmute <name>`. */
export type CircleCommand = { command: 'leave' } | { command: 'mute' | 'unmute'; name: string };

// The whole first line is the command, as with the other email commands (parse-command.ts):
// prose never is one. `#leave <topic>` is left for topic rooms.
const LINE = /^#(leave|mute|unmute)(?:\s+(.{1,80}))?\s*$/i;

export function parseCircleCommand(newText: string): CircleCommand | null {
  const first = newText
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .find((l) => l.trim() !== '');
  const match = first ? LINE.exec(first.trim().replace(/\s+/g, ' ')) : null;
  if (!match) return null;
  const command = match[1].toLowerCase() as 'leave' | 'mute' | 'unmute';
  const name = (match[2] ?? '').replace(/[.!]+$/, '').trim();
  if (command === 'leave') return name ? null : { command };
  return name ? { command, name } : null;
}
