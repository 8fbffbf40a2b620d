// The heaviest functions of a .cpuprofile (see cpu-profile.ts), by self and by total time, and the
// share of each package or source folder:
//   npx ts-node --transpile-only bench/profile-top.ts <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const SPECIAL = new Set(['(idle)', '(garbage collector)', '(program)']);

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`;
}

function shortUrl(url: string): string {
  return url.replace(/^.*node_modules\//, '~/').replace(/^.*\/(src|bench)\//, '$1/');
}

/** The package (node_modules) or source folder a frame belongs to, or null for Node's own code. */
function area(url: string): string | null {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(src|bench)\/([^/]+)(\/[^/.]+\/)?/.exec(url);
  return own ? `${own[1]}/${own[2]}${own[3] ? own[3].slice(0, -1) : ''}` : null;
}

function main(file: string, rows: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const id of profile.samples) {
    add(self, label(byId.get(id)!));
    const seen = new Set<string>();
    let owner: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      const key = label(node);
      if (!seen.has(key)) add(total, key);
      seen.add(key);
      // Native and Node frames (a socket write, a file open) count for the code that called them.
      owner ??= node.callFrame.url ? area(node.callFrame.url) : null;
      if (!owner && SPECIAL.has(node.callFrame.functionName)) owner = node.callFrame.functionName;
    }
    add(areas, owner ?? 'node internals');
  }
  const count = profile.samples.length;
  const print = (title: string, map: Map<string, number>) => {
    console.log(`-- ${title}`);
    for (const [key, n] of [...map].sort((a, z) => z[1] - a[1]).slice(0, rows)) {
      console.log(`${((100 * n) / count).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  console.log(`${count} samples`);
  print('by package or source folder', areas);
  print('self', self);
  print('total', total);
}

main(process.argv[2], Number(process.argv[3] ?? 30));
