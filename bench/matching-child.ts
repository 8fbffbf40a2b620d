// A fresh process for one matching measurement (see runMatchingBench): its peak RSS is the
// assignment's own, not whatever the benches before it left on the heap.
import { measureMatching } from './matching';

try {
  const figures = measureMatching();
  process.send?.(figures, () => process.exit(0));
} catch (error: unknown) {
  console.error(error);
  process.exit(1);
}
