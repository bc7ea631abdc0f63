/**
 * Lead metrics of SPEC §12 as a pure function over one row per submission: speed-to-lead (median,
 * p90), lead-to-meeting rate, duplicate rate per source and campaign, leads per segment, SLA met %,
 * and drop-off per stage (submissions stuck at a stage for longer than a threshold).
 */
export interface SubmissionRow {
  leadId: string;
  sourceId: string;
  campaign: string | null;
  segment: string | null;
  status: string;
  createdAt: number;
  mergedInto: string | null;
  slaDueAt: number | null;
  firstContactAt: number | null;
  meetingAt: number | null;
  lastStage: string | null;
  lastEventAt: number;
}

export interface LeadSummary {
  submissions: number;
  people: number;
  speedToLead: { contacted: number; medianMs: number | null; p90Ms: number | null };
  leadToMeetingRate: number | null;
  duplicateRate: { overall: number | null; bySource: Record<string, number>; byCampaign: Record<string, number> };
  perSegment: Record<string, number>;
  sla: { met: number; breached: number; open: number; metPercent: number | null };
  dropOff: Record<string, number>;
}

const FINISHED = new Set(['completed', 'merged', 'dead-lettered']);

export function summarize(rows: readonly SubmissionRow[], now: number, stuckAfterMs = 15 * 60_000): LeadSummary {
  const people = rows.filter((r) => r.mergedInto === null);
  const waits = people.filter((r) => r.firstContactAt !== null).map((r) => r.firstContactAt! - r.createdAt).sort((a, b) => a - b);
  const perSegment: Record<string, number> = {};
  for (const r of people) perSegment[r.segment ?? 'unscored'] = (perSegment[r.segment ?? 'unscored'] ?? 0) + 1;
  const sla = { met: 0, breached: 0, open: 0 };
  for (const r of people) {
    if (r.slaDueAt === null) continue;
    if (r.firstContactAt !== null && r.firstContactAt <= r.slaDueAt) sla.met++;
    else if (r.firstContactAt !== null || now > r.slaDueAt) sla.breached++;
    else sla.open++;
  }
  const dropOff: Record<string, number> = {};
  for (const r of rows) {
    if (FINISHED.has(r.status) || now - r.lastEventAt < stuckAfterMs) continue;
    const stage = r.lastStage ?? 'received';
    dropOff[stage] = (dropOff[stage] ?? 0) + 1;
  }
  return {
    submissions: rows.length,
    people: people.length,
    speedToLead: { contacted: waits.length, medianMs: percentile(waits, 50), p90Ms: percentile(waits, 90) },
    leadToMeetingRate: people.length === 0 ? null : round(people.filter((r) => r.meetingAt !== null).length / people.length),
    duplicateRate: {
      overall: rows.length === 0 ? null : round(rows.filter((r) => r.mergedInto !== null).length / rows.length),
      bySource: rate(rows, (r) => r.sourceId),
      byCampaign: rate(rows, (r) => r.campaign ?? '(none)'),
    },
    perSegment,
    sla: { ...sla, metPercent: sla.met + sla.breached === 0 ? null : round((100 * sla.met) / (sla.met + sla.breached)) },
    dropOff,
  };
}

/** Nearest-rank percentile of an ascending list; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function rate(rows: readonly SubmissionRow[], key: (r: SubmissionRow) => string): Record<string, number> {
  const totals = new Map<string, { all: number; dup: number }>();
  for (const r of rows) {
    const t = totals.get(key(r)) ?? { all: 0, dup: 0 };
    t.all++;
    if (r.mergedInto !== null) t.dup++;
    totals.set(key(r), t);
  }
  return Object.fromEntries([...totals].map(([k, t]) => [k, round(t.dup / t.all)]));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
