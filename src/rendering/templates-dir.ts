import { existsSync } from 'node:fs';
import path from 'node:path';
import { LAYOUT_FILE } from './template-catalog';

/**
 * templates/ sits at the repo root. From src/rendering (ts-node, jest) that is two folders up;
 * from the build output dist/src/rendering it is three.
 */
export function resolveTemplatesDir(fromDir: string = __dirname): string {
  const candidates = [path.resolve(fromDir, '../../templates'), path.resolve(fromDir, '../../../templates')];
  const found = candidates.find((dir) => existsSync(path.join(dir, LAYOUT_FILE)));
  if (!found) throw new Error(`templates/ not found; looked in ${candidates.join(', ')}`);
  return found;
}
