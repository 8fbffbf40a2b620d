// A fresh worker process for one digest fan-out (see benchDigestFanoutInChild): its peak RSS is
// the fan-out's own, not whatever the benches before it left on the heap.
import 'reflect-metadata';
import { benchDigestFanout } from './schedule';

benchDigestFanout(Number(process.argv[2])).then(
  (figures) => process.send?.(figures, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
