import { DataSource } from 'typeorm';
import { seedAdminBenchData } from '../test/admin/seed-bench';
import { StaffClient } from '../test/admin/staff-client';
import { benchWorld, fmt, percentile } from './support';

/**
 * Every admin page with 1,000 pairings and 50,000 messages in the database: the median and worst
 * of 20 warm requests each, through a logged-in session, as a staff browser would ask.
 */
export async function runAdminBench(pairings = 1000, messages = 50_000): Promise<Record<string, number>> {
  const world = await benchWorld({ ROLES: 'api' });
  try {
    const db = world.running.app.get(DataSource);
    const seed = await seedAdminBenchData(db, { pairings, messages });
    const staff = await StaffClient.loggedIn(
      world.running.app,
      world.running.httpUrl!,
      'bench@staff.example',
    );
    const pages: Record<string, string> = {
      dashboard: '/admin',
      'needs attention': '/admin/attention',
      programme: `/admin/programmes/${seed.programmeIds[0]}`,
      'programme report': `/admin/programmes/${seed.programmeIds[0]}/report`,
      moderation: `/admin/programmes/${seed.programmeIds[0]}/moderation`,
      'staff audit': `/admin/programmes/${seed.programmeIds[0]}/audit`,
      pairing: `/admin/pairings/${seed.pairingIds[0]}`,
      thread: `/admin/threads/${seed.threadIds[0]}`,
      'inbound log': '/admin/inbound',
      'inbound email': `/admin/inbound/${seed.inboundIds[0]}`,
      'outbound log': '/admin/deliveries',
      suppressions: '/admin/suppressions',
      templates: '/admin/templates',
      'api: pairings': '/api/pairings',
    };
    const medians: Record<string, number> = {};
    for (const [name, path] of Object.entries(pages)) {
      const first = await staff.get(path);
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}`);
      await first.arrayBuffer();
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        const res = await staff.get(path);
        await res.arrayBuffer();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      medians[name] = percentile(times, 50);
      console.log(
        `admin ${name.padEnd(16)} median ${fmt(percentile(times, 50))} ms, worst ${fmt(times[times.length - 1])} ms (target < 200 ms)`,
      );
    }
    return medians;
  } finally {
    await world.destroy();
  }
}
