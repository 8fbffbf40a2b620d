import { FunnelRepository, type ProgrammeFunnel } from '../repositories/funnel.repository';
import { Injectable } from '@nestjs/common';
import { DeliverabilityService, type DeliverabilityView } from '../../deliverability/deliverability.service';
import { AttentionService, type ProgrammeHealthSummary } from '../../attention/attention.service';
import { FeedbackRepository, type ProgrammeRates } from '../../outbound/feedback/feedback.repository';
import { DashboardRepository, type WeekCount } from '../repositories/dashboard.repository';
import { PairingHealthRepository, type PairingHealth } from '../repositories/pairing-health.repository';

export interface DashboardView {
  programmes: { id: string; name: string; counts: Record<PairingHealth, number>; total: number }[];
  weeks: WeekCount[];
  deliveries: Record<string, number>;
  inbound: Record<string, number>;
  /** Bounce and complaint rates of the last 30 days per programme, from SES events and DSNs. */
  rates: ProgrammeRates[];
  /** Each programme's funnel, by programme id. */
  funnels: Map<string, ProgrammeFunnel>;
  /** DNS records as last checked, bounce and complaint rates against the providers' lines. */
  deliverability: DeliverabilityView;
  /** Health scores of each programme's active pairings and its open work-queue items, by programme id. */
  health: Map<string, ProgrammeHealthSummary>;
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly health: PairingHealthRepository,
    private readonly feedback: FeedbackRepository,
    private readonly funnel: FunnelRepository,
    private readonly deliverability: DeliverabilityService,
    private readonly attention: AttentionService,
  ) {}

  async view(): Promise<DashboardView> {
    const [counts, weeks, deliveries, inbound, rates, funnels, deliverability, signals] = await Promise.all([
      this.health.countsByProgramme(),
      this.dashboard.messagesPerWeek(12),
      this.dashboard.deliveryStatus(),
      this.dashboard.inboundStatus(),
      this.feedback.ratesByProgramme(),
      this.funnel.funnels(),
      this.deliverability.view(),
      this.attention.programmeSignals(),
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
    const programmes = [...byId.values()];
    // Active pairings, whatever the old buckets call them (paused and ended have no score).
    const active = new Map(
      programmes.map((p) => [p.id, p.counts.active + p.counts.quiet + p.counts.attention]),
    );
    return {
      health: this.attention.programmeSummaries(signals, active),
      programmes,
      weeks,
      deliveries,
      inbound,
      rates,
      funnels: new Map(funnels.map((f) => [f.programmeId, f])),
      deliverability,
    };
  }
}
