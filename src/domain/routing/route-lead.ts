import { spread } from '../../lib/spread.js';
import { evaluateCondition, type Facts } from '../scoring/condition.js';
import { ownerCalendar, unavailability, assignedToday, type Unavailability } from './availability.js';
import { pickNextAvailable, pickRoundRobin, pickWeighted, recordAssignment, type Candidate, type RoutingState } from './rotation.js';
import { routingReason } from './routing-reason.js';
import type { RoutingConfig, RoutingRule, TeamStrategy } from './routing.schema.js';
import { localTime } from './working-hours.js';

/**
 * Decides who owns a lead: the previous owner (sticky), else the first matching rule that can take
 * it, else the fallback queue with an alert. Pure: the rotation state comes in and the next state
 * goes out; the caller stores it with compare-and-set on `state.seq` (see rotation.ts).
 */
export interface RouteContext {
  now: number;
  state: RoutingState;
  /** The owner of the person's earlier lead, when dedupe found one. */
  previousOwner?: string | null;
}

export type RouteMethod = 'sticky' | 'fixed' | TeamStrategy | 'queue' | 'fallback';

export interface RouteDecision {
  /** Exactly one of `owner` and `queue` is set. */
  owner: string | null;
  queue: string | null;
  team: string | null;
  /** The owner's (or queue's) id in each CRM, for the sync stage. */
  crmIds: Record<string, string>;
  ruleId: string | null;
  method: RouteMethod;
  reason: string;
  fallback: boolean;
  alert: { code: 'routing-fallback'; message: string } | null;
  /** Targets passed over and why (a rule matched but its owner was out of office...). */
  skipped: { ruleId: string; why: Unavailability | 'no-available-member' }[];
  state: RoutingState;
}

type Decided = Omit<RouteDecision, 'reason' | 'skipped' | 'alert' | 'fallback' | 'state'> & { state?: RoutingState };

export function withRegion(facts: Facts, regions: RoutingConfig['regions']): Facts {
  const country = typeof facts.country === 'string' ? facts.country.toUpperCase() : null;
  const region = country ? Object.entries(regions).find(([, list]) => list.includes(country))?.[0] : undefined;
  return spread(facts, { region: region ?? country });
}

export function routeLead(leadFacts: Facts, config: RoutingConfig, context: RouteContext): RouteDecision {
  const facts = withRegion(leadFacts, config.regions);
  const { now, state } = context;
  const skipped: RouteDecision['skipped'] = [];
  const check = { at: now, state, holidays: config.holidays };
  const assignOwner = (owner: string, extra: { team?: string; current?: Record<string, number> } = {}): RoutingState => {
    const day = localTime(now, config.owners[owner]?.timeZone ?? 'UTC').date;
    return recordAssignment(state, { owner, day, team: extra.team ?? null, current: extra.current });
  };
  // Written out rather than spread from `d` (it ran per lead): the same fields in the same order —
  // `state` right after `method` when the decision made one, else last.
  const finish = (d: Decided, when: RoutingRule['when'] | null, parts: Record<string, string | null>): RouteDecision => {
    const reason = routingReason(facts, when, parts);
    const fallback = d.method === 'fallback';
    const alert = fallback ? { code: 'routing-fallback' as const, message: `no routing rule could take the lead; queued in ${d.queue}` } : null;
    const { owner, queue, team, crmIds, ruleId, method } = d;
    return d.state
      ? { owner, queue, team, crmIds, ruleId, method, state: d.state, reason, skipped, fallback, alert }
      : { owner, queue, team, crmIds, ruleId, method, reason, skipped, fallback, alert, state };
  };

  const previous = context.previousOwner;
  if (config.sticky.enabled && previous) {
    const owner = config.owners[previous];
    let why = unavailability(previous, owner, { ...check, requireWorkingNow: false, ignoreCapacity: true });
    if (why === 'out-of-office' && !config.sticky.skipOutOfOffice) why = null;
    if (why === null && owner) {
      const d = { owner: previous, queue: null, team: null, crmIds: owner.crmIds, ruleId: null, method: 'sticky' as const, state: assignOwner(previous) };
      return finish(d, null, { sticky: 'previous-owner', owner: previous });
    }
    skipped.push({ ruleId: 'sticky', why: why ?? 'unknown-owner' });
  }

  for (const rule of config.rules) {
    if (!evaluateCondition(rule.when, facts, now)) continue;
    const target = rule.assign;
    if ('queue' in target) {
      const d = { owner: null, queue: target.queue, team: null, crmIds: config.queues[target.queue]?.crmIds ?? {}, ruleId: rule.id, method: 'queue' as const };
      return finish(d, rule.when, { rule: rule.id, queue: target.queue });
    }
    if ('owner' in target) {
      const owner = config.owners[target.owner];
      const why = unavailability(target.owner, owner, { ...check, requireWorkingNow: false });
      if (why !== null || !owner) {
        skipped.push({ ruleId: rule.id, why: why ?? 'unknown-owner' });
        continue;
      }
      const d = { owner: target.owner, queue: null, team: null, crmIds: owner.crmIds, ruleId: rule.id, method: 'fixed' as const, state: assignOwner(target.owner) };
      return finish(d, rule.when, { rule: rule.id, owner: target.owner });
    }
    const team = config.teams[target.team];
    if (!team) continue; // the schema rejects unknown teams
    const strategy = target.strategy ?? team.strategy;
    const requireWorkingNow = strategy === 'next-available' || team.requireWorkingNow;
    const candidates: Candidate[] = [];
    for (const m of team.members) {
      const owner = config.owners[m.owner];
      if (!owner || unavailability(m.owner, owner, { ...check, requireWorkingNow }) !== null) continue;
      candidates.push({ owner: m.owner, weight: m.weight, today: assignedToday(state, m.owner, owner, now) });
    }
    const rotation = state.teams[target.team];
    const weighted = strategy === 'weighted' ? pickWeighted(candidates, rotation) : null;
    const pick = weighted ? weighted.pick : strategy === 'next-available' ? pickNextAvailable(candidates, rotation) : pickRoundRobin(candidates, rotation);
    if (!pick) {
      skipped.push({ ruleId: rule.id, why: 'no-available-member' });
      continue;
    }
    const owner = config.owners[pick.owner];
    const next = assignOwner(pick.owner, { team: target.team, current: weighted?.current });
    const d = { owner: pick.owner, queue: null, team: target.team, crmIds: owner?.crmIds ?? {}, ruleId: rule.id, method: strategy, state: next };
    return finish(d, rule.when, { rule: rule.id, team: target.team, strategy, owner: pick.owner });
  }

  const queue = config.fallback.queue;
  const d = { owner: null, queue, team: null, crmIds: config.queues[queue]?.crmIds ?? {}, ruleId: null, method: 'fallback' as const };
  return finish(d, null, { rule: 'none', fallback: queue });
}

/** The owner's working calendar (with out-of-office days and holidays), for SLA and reminder timing. */
export function calendarOfOwner(config: RoutingConfig, ownerId: string): ReturnType<typeof ownerCalendar> | null {
  const owner = config.owners[ownerId];
  return owner ? ownerCalendar(owner, config.holidays) : null;
}
