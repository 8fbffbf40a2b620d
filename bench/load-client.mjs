// Open-loop HTTP load from its own process, so the client never competes with the server's
// event loop: POSTs each body of a JSON array at `rate` per second and prints the latencies.
import { readFileSync } from 'node:fs';

const [url, file, rate] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file, 'utf8'));
const latencies = [];
let failures = 0;
const start = performance.now();
await Promise.all(
  bodies.map(async (body, i) => {
    const wait = start + (i * 1000) / Number(rate) - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    if (res.status !== 200) failures++;
  }),
);
process.stdout.write(JSON.stringify({ latencies, failures }));
