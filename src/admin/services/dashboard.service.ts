import { Injectable } from '@nestjs/common';
import { DashboardRepository, type WeekCount } from '../repositories/dashboard.repository';
import { PairingHealthRepository, type PairingHealth } from '../repositories/pairing-health.repository';

export interface DashboardView {
  programmes: { id: string; name: string; counts: Record<PairingHealth, number>; total: number }[];
  weeks: WeekCount[];
  deliveries: Record<string, number>;
  inbound: Record<string, number>;
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly health: PairingHealthRepository,
  ) {}

  async view(): Promise<DashboardView> {
    const [counts, weeks, deliveries, inbound] = await Promise.all([
      this.health.countsByProgramme(),
      this.dashboard.messagesPerWeek(12),
      this.dashboard.deliveryStatus(),
      this.dashboard.inboundStatus(),
    ]);
    const byId = new Map<string, DashboardView['programmes'][number]>();
    for (const row of counts) {
      const entry = byId.get(row.programmeId) ?? {
        id: row.programmeId,
        name: row.name,
        counts: { active: 0, quiet: 0, attention: 0, paused: 0, ended: 0 },
        total: 0,
      };
      if (row.health) {
        entry.counts[row.health] = row.n;
        entry.total += row.n;
      }
      byId.set(row.programmeId, entry);
    }
    return { programmes: [...byId.values()], weeks, deliveries, inbound };
  }
}
