// Migrations are listed explicitly (not globbed) so ts-node, Jest and the compiled build load the same set.
import { Initial1795863926574 } from './1795863926574-Initial';

export const MIGRATIONS = [Initial1795863926574];
