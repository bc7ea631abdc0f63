import type { Config } from '../../config/loader.js';
import { spread } from '../../lib/spread.js';
import { emptyRoutingState, routeLead, type RouteDecision, type RoutingState } from '../../domain/routing/index.js';
import type { RoutingStore } from '../../storage/ports.js';
import type { Stage } from '../stage.js';
import { factsOf } from './facts.js';

/**
 * route: ordered rules → owner, team or queue, with the strategy's rotation state read and written
 * atomically (fair round robin across workers and restarts); sticky to the person's owner; no match
 * → the triage queue and an alert, never unassigned. The reason is stored for people and CRMs.
 */
export function routeStage(config: Pick<Config, 'routing'>, store: RoutingStore): Stage {
  return {
    name: 'route',
    async run({ lead, now, lease }) {
      // factsOf carries the lead's `score` and `segment` already (what `withScore` would add).
      const facts = factsOf(lead);
      // Sticky to the last decision recorded for the person, which may be ahead of `lead.owner`. A
      // re-run keeps this job's decision unless the lead scored differently this time.
      const basis = `${lead.score ?? ''}|${lead.segment ?? ''}`;
      const decision = await store.assign<RouteDecision>(lease.job, lease.owner, basis, (state, last) =>
        routeLead(facts, config.routing, { now, state: (state as RoutingState | null) ?? emptyRoutingState(), previousOwner: last ? last.owner : lead.owner }),
      );
      const { state: _state, ...recorded } = decision;
      return {
        patch: { owner: decision.owner, routingReason: decision.reason, data: spread(lead.data, { routing: recorded }) },
        detail: { owner: decision.owner, queue: decision.queue, team: decision.team, method: decision.method, ruleId: decision.ruleId, reason: decision.reason, fallback: decision.fallback, ...(decision.alert ? { alert: decision.alert } : {}) },
      };
    },
  };
}
