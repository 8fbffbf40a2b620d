import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A folder of the shared test data (`shared/corpus/...`), which lives beside the repository: the
 * nearest `shared/<rel>` found walking up from the repository root, so that a checkout one level
 * deeper (a git worktree under a folder of worktrees) finds it as the main checkout does. Falls
 * back to `../shared/<rel>`, so a missing corpus fails with the expected path in the message.
 */
export function sharedDir(rel: string): string {
  const repoRoot = path.resolve(__dirname, '../..');
  const fallback = path.resolve(repoRoot, '..', 'shared', rel);
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', rel);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return fallback;
  }
}
