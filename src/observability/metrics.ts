import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StageName } from '../domain/types.js';
import type { MetricsStore, QueueStats } from '../storage/ports.js';
import { summarize, type LeadSummary } from '../domain/metrics/summary.js';
import type { Clock } from '../lib/clock.js';
import type { StageOutcome, WorkerObserver } from '../pipeline/worker.js';

/**
 * The Prometheus metrics of one process, in its own registry (tests build many apps in one
 * process). Queue gauges are read from the store at scrape time, so an API-only process still
 * reports the backlog its workers face.
 */
export interface Metrics {
  registry: Registry;
  intake(sourceId: string, outcome: string): void;
  /** One language-model call for a conversation: ok, invalid, timeout or error (the last three fall back to the rules). */
  conversationModel(outcome: string): void;
  observer: WorkerObserver;
}

/** The lead metrics of SPEC §12 over a trailing window (`GET /v1/metrics/summary`'s numbers). */
export interface SummarySource {
  windowMs: number;
  read(): Promise<LeadSummary>;
}

/** Default window of the summary series: the last 24 hours, so a dashboard shows today's numbers. */
export const SUMMARY_WINDOW_MS = 24 * 3600_000;

/** The summary of the store's submissions received in the last `windowMs`, as of the clock's now. */
export function storeSummary(store: MetricsStore, clock: Clock, windowMs = SUMMARY_WINDOW_MS): SummarySource {
  return {
    windowMs,
    async read() {
      const now = clock.now();
      return summarize(await store.summaryRows({ from: now - windowMs, to: now }), now);
    },
  };
}

export function createMetrics(stats: () => Promise<QueueStats>, summary?: SummarySource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadwire_' });
  const intake = new Counter({
    name: 'leadwire_intake_requests_total',
    help: 'Lead submissions by source and outcome (accepted, replayed, duplicate, invalid, unauthenticated, rate_limited, conflict, error).',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  const modelCalls = new Counter({
    name: 'leadwire_conversation_model_calls_total',
    help: 'Language-model calls for conversation analysis by outcome (ok, invalid, timeout, error); all but ok kept the rules-only analysis.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const stageDuration = new Histogram({
    name: 'leadwire_stage_duration_seconds',
    help: 'Time spent in each pipeline stage attempt.',
    labelNames: ['stage', 'outcome'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'leadwire_stage_attempts_total',
    help: 'Stage attempts by stage and outcome (ok, retry, dead-letter, released).',
    labelNames: ['stage', 'outcome'],
    registers: [registry],
  });
  // One store read per scrape, shared by the gauges below (each collects on its own).
  const read = oncePerScrape(stats);
  new Gauge({
    name: 'leadwire_store_up',
    help: '1 when the queue statistics could be read at this scrape.',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'leadwire_jobs',
    help: 'Jobs by state (due, scheduled, leased).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await read();
      if (!s) return;
      this.set({ state: 'due' }, s.due);
      this.set({ state: 'scheduled' }, s.scheduled);
      this.set({ state: 'leased' }, s.leased);
    },
  });
  new Gauge({
    name: 'leadwire_jobs_oldest_due_age_seconds',
    help: 'Age of the oldest due job not yet leased.',
    registers: [registry],
    async collect() {
      const s = await read();
      if (s) this.set(s.oldestDueAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'leadwire_dead_letters_open',
    help: 'Dead letters not yet replayed.',
    registers: [registry],
    async collect() {
      const s = await read();
      if (s) this.set(s.openDeadLetters);
    },
  });

  if (summary) registerSummary(registry, summary);

  return {
    registry,
    intake: (source, outcome) => intake.inc({ source, outcome }),
    conversationModel: (outcome) => modelCalls.inc({ outcome }),
    observer: {
      stage(stage: StageName, outcome: StageOutcome, durationMs: number) {
        attempts.inc({ stage, outcome });
        if (outcome !== 'released') stageDuration.observe({ stage, outcome }, durationMs / 1000);
      },
    },
  };
}

/** Memoises a read for the gauges of one scrape (they collect concurrently); undefined on failure. */
function oncePerScrape<T>(load: () => Promise<T>): () => Promise<T | undefined> {
  let pending: Promise<T | undefined> | undefined;
  return () => {
    pending ??= load()
      .then(
        (value) => value,
        () => undefined,
      )
      .finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
}

/**
 * The summary as gauges over the trailing window, computed at scrape time from the store (so every
 * API process reports the same numbers, whichever process did the work). Labelled gauges are reset
 * first, so a source or stage that left the window disappears instead of keeping its last value.
 */
function registerSummary(registry: Registry, summary: SummarySource): void {
  const read = oncePerScrape(() => summary.read());
  const window = `${Math.round(summary.windowMs / 1000)}s`;
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge<string>, s: LeadSummary) => void) =>
    new Gauge({
      name,
      help: `${help} Over the trailing window (label window).`,
      labelNames: ['window', ...labelNames],
      registers: [registry],
      async collect() {
        const s = await read();
        this.reset();
        if (s) fill(this, s);
      },
    });
  const set = (g: Gauge<string>, labels: Record<string, string>, value: number | null) => {
    if (value !== null) g.set({ window, ...labels }, value);
  };
  new Gauge({
    name: 'leadwire_summary_up',
    help: '1 when the lead summary could be read at this scrape.',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
  gauge('leadwire_leads_received', 'Submissions received and people among them (submissions not merged into an earlier person).', ['kind'], (g, s) => {
    set(g, { kind: 'submissions' }, s.submissions);
    set(g, { kind: 'people' }, s.people);
  });
  gauge('leadwire_speed_to_lead_seconds', 'Speed-to-lead: time from received to first contact, by quantile (0.5 = median, 0.9 = p90), over the people contacted.', ['quantile'], (g, s) => {
    set(g, { quantile: '0.5' }, s.speedToLead.medianMs === null ? null : s.speedToLead.medianMs / 1000);
    set(g, { quantile: '0.9' }, s.speedToLead.p90Ms === null ? null : s.speedToLead.p90Ms / 1000);
  });
  gauge('leadwire_speed_to_lead_contacted', 'People with a recorded first contact.', [], (g, s) => set(g, {}, s.speedToLead.contacted));
  gauge('leadwire_lead_to_meeting_ratio', 'Share of people with a meeting booked.', [], (g, s) => set(g, {}, s.leadToMeetingRate));
  gauge('leadwire_duplicate_ratio', 'Share of submissions merged into an earlier person, overall and per source and campaign.', ['source', 'campaign'], (g, s) => {
    set(g, { source: '', campaign: '' }, s.duplicateRate.overall);
    for (const [source, rate] of Object.entries(s.duplicateRate.bySource)) set(g, { source, campaign: '' }, rate);
    for (const [campaign, rate] of Object.entries(s.duplicateRate.byCampaign)) set(g, { source: '', campaign }, rate);
  });
  gauge('leadwire_leads_by_segment', 'People per score segment (unscored: not scored yet).', ['segment'], (g, s) => {
    for (const [segment, count] of Object.entries(s.perSegment)) set(g, { segment }, count);
  });
  gauge('leadwire_sla_leads', 'People with a follow-up SLA by state: met, breached, open (not contacted, not yet due).', ['state'], (g, s) => {
    set(g, { state: 'met' }, s.sla.met);
    set(g, { state: 'breached' }, s.sla.breached);
    set(g, { state: 'open' }, s.sla.open);
  });
  gauge('leadwire_sla_met_ratio', 'SLA met over met + breached (0..1).', [], (g, s) => set(g, {}, s.sla.metPercent === null ? null : s.sla.metPercent / 100));
  gauge('leadwire_dropoff_leads', 'Submissions stuck at a stage: last event at that stage, unfinished, older than the stuck threshold.', ['stage'], (g, s) => {
    for (const [stage, count] of Object.entries(s.dropOff)) set(g, { stage }, count);
  });
}
