import { describe, expect, it } from 'vitest';
import { buildLeadFacts, withScore } from '../scoring/lead-facts.js';
import { aLead, DAY, HOUR, NOW } from '../scoring/test-builders.js';
import { emptyRoutingState, type RoutingState } from './rotation.js';
import { routeLead } from './route-lead.js';
import { routingConfigSchema, type RoutingConfigInput } from './routing.schema.js';

const owners: RoutingConfigInput['owners'] = {
  ann: { name: 'Anna Nowak', timeZone: 'Europe/Warsaw', crmIds: { hubspot: '101', salesforce: '005A' } },
  bob: { name: 'Bob Kowalski', timeZone: 'Europe/Warsaw' },
  cid: { name: 'Cid Smith', timeZone: 'America/New_York' },
  dan: { name: 'Dan Inactive', active: false },
  eve: { name: 'Eve Away', timeZone: 'Europe/Warsaw', outOfOffice: [{ from: '2026-11-23', to: '2026-11-27' }] },
};
const config = (extra: Partial<RoutingConfigInput> = {}) =>
  routingConfigSchema.parse({
    owners,
    teams: {
      'pl-sales': { members: ['ann', 'bob'] },
      four: { members: ['ann', 'bob', 'cid', 'eve'] },
      quad: { members: ['ann', 'bob', 'cid', 'dan'] },
    },
    regions: { CEE: ['CZ', 'SK'] },
    rules: [{ id: 'pl-enterprise', when: { all: [{ field: 'region', equals: 'PL' }, { field: 'product', equals: 'AI' }] }, assign: { team: 'pl-sales' } }],
    ...extra,
  });
const facts = (input: Parameters<typeof aLead>[0] = {}, score = 50) => withScore(buildLeadFacts(aLead(input)), score, 'warm');
const plAi = facts({ country: 'PL', product: 'AI' }, 82);

/** Routes leads one after another through the returned state, counting owners. */
function routeMany(n: number, cfg: ReturnType<typeof config>, at = NOW, state: RoutingState = emptyRoutingState()) {
  const counts: Record<string, number> = {};
  const order: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = routeLead(plAi, cfg, { now: at, state });
    state = d.state;
    const who = d.owner ?? `queue:${d.queue}`;
    counts[who] = (counts[who] ?? 0) + 1;
    order.push(who);
  }
  return { counts, order, state };
}

describe('routeLead: rules, reason and fallback', () => {
  it('records the SPEC-shaped routing reason and the owner\'s CRM ids', () => {
    const d = routeLead(plAi, config(), { now: NOW, state: emptyRoutingState() });
    expect(d).toMatchObject({ owner: 'ann', queue: null, team: 'pl-sales', ruleId: 'pl-enterprise', method: 'round-robin', fallback: false, alert: null });
    expect(d.reason).toBe('region=PL, product=AI, score=82, rule=pl-enterprise, team=pl-sales, strategy=round-robin, owner=ann');
    expect(d.crmIds).toEqual({ hubspot: '101', salesforce: '005A' });
    expect(d.state.seq).toBe(1);
  });

  it('maps countries to configured regions', () => {
    const cfg = config({ rules: [{ id: 'cee', when: { field: 'region', equals: 'CEE' }, assign: { owner: 'bob' } }] });
    expect(routeLead(facts({ country: 'cz' }), cfg, { now: NOW, state: emptyRoutingState() }).owner).toBe('bob');
  });

  it('routes on segment, language, channel and source, in rule order', () => {
    const cfg = config({
      rules: [
        { id: 'hot-pl-chat', when: { all: [{ field: 'segment', equals: 'hot' }, { field: 'language', equals: 'pl' }, { field: 'channel', in: ['webchat', 'whatsapp'] }] }, assign: { owner: 'ann' } },
        { id: 'ads', when: { field: 'source', equals: 'google-ads' }, assign: { owner: 'cid' } },
        { id: 'any-hot', when: { field: 'segment', equals: 'hot' }, assign: { owner: 'bob' } },
      ],
    });
    const hot = (input: Parameters<typeof aLead>[0], sourceId = 'website') => withScore(buildLeadFacts(aLead(input, { sourceId })), 90, 'hot');
    const route = (f: ReturnType<typeof hot>) => routeLead(f, cfg, { now: NOW, state: emptyRoutingState() });
    expect(route(hot({ language: 'pl-PL', channel: 'WhatsApp' })).reason).toBe('segment=hot, language=pl, channel=whatsapp, score=90, rule=hot-pl-chat, owner=ann');
    expect(route(hot({ language: 'en', channel: 'webchat' }, 'google-ads')).ruleId).toBe('ads');
    expect(route(hot({ language: 'pl', channel: 'form' })).owner).toBe('bob');
  });

  it('falls back to the triage queue with an alert when no rule matches — never unassigned', () => {
    const d = routeLead(facts({ country: 'DE' }, 12), config(), { now: NOW, state: emptyRoutingState() });
    expect(d).toMatchObject({ owner: null, queue: 'triage', method: 'fallback', fallback: true, ruleId: null });
    expect(d.alert?.code).toBe('routing-fallback');
    expect(d.reason).toBe('score=12, rule=none, fallback=triage');
    expect(d.state).toEqual(emptyRoutingState());
  });

  it('sends to a queue rule without touching the rotation', () => {
    const cfg = config({ queues: { triage: {}, partners: { crmIds: { hubspot: 'q9' } } }, rules: [{ id: 'partners', when: { field: 'leadSource', equals: 'partner' }, assign: { queue: 'partners' } }] });
    const d = routeLead(facts({ source: 'Partner' }), cfg, { now: NOW, state: emptyRoutingState() });
    expect(d).toMatchObject({ owner: null, queue: 'partners', method: 'queue', crmIds: { hubspot: 'q9' }, fallback: false });
  });

  it('passes over a fixed owner who is out of office or inactive to the next matching rule', () => {
    const cfg = config({
      rules: [
        { id: 'to-eve', when: { field: 'country', equals: 'PL' }, assign: { owner: 'eve' } },
        { id: 'to-dan', when: { field: 'country', equals: 'PL' }, assign: { owner: 'dan' } },
        { id: 'to-bob', when: { field: 'country', equals: 'PL' }, assign: { owner: 'bob' } },
      ],
    });
    const d = routeLead(facts({ country: 'PL' }), cfg, { now: NOW, state: emptyRoutingState() });
    expect(d).toMatchObject({ owner: 'bob', method: 'fixed', ruleId: 'to-bob' });
    expect(d.skipped).toEqual([{ ruleId: 'to-eve', why: 'out-of-office' }, { ruleId: 'to-dan', why: 'inactive' }]);
    // after Eve's leave ends she gets it again
    expect(routeLead(facts({ country: 'PL' }), cfg, { now: NOW + 7 * DAY, state: emptyRoutingState() }).owner).toBe('eve');
  });
});

describe('strategies', () => {
  const teamRule = (team: string, strategy?: 'round-robin' | 'weighted' | 'next-available') =>
    config({ rules: [{ id: 'all', when: { field: 'sourceId', exists: true }, assign: strategy ? { team, strategy } : { team } }] });

  it('round robin is exactly fair over 100 leads and skips inactive and out-of-office members', () => {
    const { counts, order } = routeMany(100, teamRule('quad'));
    expect(counts).toEqual({ ann: 34, bob: 33, cid: 33 });
    expect(order.slice(0, 4)).toEqual(['ann', 'bob', 'cid', 'ann']);
    expect(routeMany(100, teamRule('four')).counts).toEqual({ ann: 34, bob: 33, cid: 33 }); // eve is away
  });

  it('round robin continues after a restart exactly where it stopped', () => {
    const cfg = teamRule('quad');
    const straight = routeMany(10, cfg).order;
    const first = routeMany(4, cfg);
    const restored = JSON.parse(JSON.stringify(first.state)) as RoutingState;
    expect([...first.order, ...routeMany(6, cfg, NOW, restored).order]).toEqual(straight);
  });

  it('stays fair for 100 concurrent leads when the store compare-and-sets on seq', () => {
    const cfg = teamRule('quad');
    let stored = emptyRoutingState();
    const counts: Record<string, number> = {};
    let pending = Array.from({ length: 100 }, (_, i) => i);
    let conflicts = 0;
    while (pending.length > 0) {
      // every waiting worker reads the same state and decides; only the first write with the read seq wins
      const read = stored;
      const decisions = pending.map((lead) => ({ lead, d: routeLead(plAi, cfg, { now: NOW, state: read }) }));
      const losers: number[] = [];
      for (const { lead, d } of decisions) {
        if (stored.seq !== read.seq) {
          losers.push(lead);
          conflicts++;
          continue;
        }
        stored = d.state;
        counts[d.owner ?? 'none'] = (counts[d.owner ?? 'none'] ?? 0) + 1;
      }
      pending = losers;
    }
    expect(conflicts).toBeGreaterThan(0);
    expect(counts).toEqual({ ann: 34, bob: 33, cid: 33 });
    expect(stored.seq).toBe(100);
  });

  it('weighted 3:1 gives 75/25 over 100 leads, interleaved', () => {
    const cfg = routingConfigSchema.parse({
      owners,
      teams: { w: { strategy: 'weighted', members: [{ owner: 'ann', weight: 3 }, { owner: 'bob', weight: 1 }] } },
      rules: [{ id: 'all', when: { field: 'sourceId', exists: true }, assign: { team: 'w' } }],
    });
    const { counts, order } = routeMany(100, cfg);
    expect(counts).toEqual({ ann: 75, bob: 25 });
    expect(order.slice(0, 8)).toEqual(['ann', 'ann', 'bob', 'ann', 'ann', 'ann', 'bob', 'ann']);
  });

  it('next available picks who is working now, least loaded first', () => {
    const cfg = teamRule('quad', 'next-available');
    // 10:00 in Warsaw, 04:00 in New York: cid is asleep
    expect(routeMany(4, cfg).counts).toEqual({ ann: 2, bob: 2 });
    // 16:30 in Warsaw is after hours there; 10:30 in New York
    expect(routeMany(3, cfg, Date.parse('2026-11-23T16:30:00Z')).counts).toEqual({ cid: 3 });
    // Sunday: nobody works → the rule passes → triage
    const sunday = routeLead(plAi, cfg, { now: Date.parse('2026-11-22T12:00:00Z'), state: emptyRoutingState() });
    expect(sunday).toMatchObject({ queue: 'triage', skipped: [{ ruleId: 'all', why: 'no-available-member' }] });
  });

  it('respects daily capacity in the owner\'s local day', () => {
    const cfg = config({ owners: { ...owners, ann: { ...owners.ann!, dailyCapacity: 2 } } });
    const day1 = routeMany(6, cfg);
    expect(day1.counts).toEqual({ ann: 2, bob: 4 });
    // 23:30 UTC is already the next day in Warsaw: the counter has reset
    expect(routeMany(2, cfg, Date.parse('2026-11-23T23:30:00Z'), day1.state).counts).toEqual({ ann: 1, bob: 1 });
  });
});

describe('sticky owner', () => {
  it('sends a returning lead to its previous owner, even at capacity', () => {
    const cfg = config({ owners: { ...owners, cid: { ...owners.cid!, dailyCapacity: 0 } } });
    const d = routeLead(plAi, cfg, { now: NOW + HOUR, state: emptyRoutingState(), previousOwner: 'cid' });
    expect(d).toMatchObject({ owner: 'cid', method: 'sticky', team: null, reason: 'score=82, sticky=previous-owner, owner=cid' });
    expect(d.state.load.cid).toEqual({ day: '2026-11-23', count: 1 });
  });

  it('routes normally when the previous owner is inactive or away, or stickiness is off', () => {
    for (const previousOwner of ['dan', 'eve', 'gone']) {
      const d = routeLead(plAi, config(), { now: NOW, state: emptyRoutingState(), previousOwner });
      expect(d.owner).toBe('ann');
      expect(d.skipped[0]?.ruleId).toBe('sticky');
    }
    const off = config({ sticky: { enabled: false } });
    expect(routeLead(plAi, off, { now: NOW, state: emptyRoutingState(), previousOwner: 'bob' }).owner).toBe('ann');
  });
});

describe('routingConfigSchema', () => {
  it('reports unknown references with their paths', () => {
    const r = routingConfigSchema.safeParse({
      owners: { ann: { name: 'Ann' } },
      teams: { t: { members: ['ann', 'zed'] } },
      rules: [{ id: 'r', when: { field: 'x', exists: true }, assign: { owner: 'nobody' } }],
      queues: { inbox: {} },
    });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['teams.t.members.1', 'rules.0.assign.owner', 'fallback.queue']);
  });

  it('defaults to a triage queue and rejects an unknown time zone', () => {
    expect(routingConfigSchema.parse({}).queues).toHaveProperty('triage');
    expect(routingConfigSchema.safeParse({ owners: { a: { name: 'A', timeZone: 'Mars/Olympus' } } }).success).toBe(false);
  });
});
