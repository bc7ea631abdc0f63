import { describe, expect, it } from 'vitest';
import { alertConditions, alertTransitions, alertsConfigSchema, type AlertFacts } from './alerts.js';

const config = alertsConfigSchema.parse({});
const quiet: AlertFacts = { volume: {}, sync: { attempts: 0, failures: 0 }, openDeadLetters: 0, slaBreaches: 0, routingFallbacks: 0, credentialFailures: {} };

describe('alert rules', () => {
  it('lead volume down ≥ 50% day over day fires per source, only above the baseline', () => {
    const keys = alertConditions({ ...quiet, volume: { web: { current: 40, previous: 100 }, chat: { current: 1, previous: 10 }, ads: { current: 60, previous: 100 } } }, config).map((c) => c.key);
    expect(keys).toEqual(['lead-volume-drop:web']);
  });

  it('integration failure rate above the threshold with enough attempts', () => {
    expect(alertConditions({ ...quiet, sync: { attempts: 10, failures: 2 } }, config).map((c) => c.rule)).toEqual(['integration-failures']);
    expect(alertConditions({ ...quiet, sync: { attempts: 9, failures: 9 } }, config)).toEqual([]);
  });

  it('dead letters, SLA breaches, routing fallbacks, credential failures', () => {
    const rules = alertConditions({ ...quiet, openDeadLetters: 2, slaBreaches: 1, routingFallbacks: 3, credentialFailures: { 'hubspot:main': 2 } }, config).map((c) => c.key);
    expect(rules).toEqual(['dead-letters', 'sla-breaches', 'routing-fallbacks', 'credential-failure:hubspot:main']);
  });
});

describe('alert state', () => {
  it('fires once, holds while true, resolves when false', () => {
    const firing = alertConditions({ ...quiet, openDeadLetters: 1 }, config);
    const first = alertTransitions(firing, []);
    expect([first.fire.map((c) => c.key), first.hold, first.resolve]).toEqual([['dead-letters'], [], []]);
    const second = alertTransitions(firing, [{ key: 'dead-letters' }]);
    expect([second.fire, second.hold.map((c) => c.key), second.resolve]).toEqual([[], ['dead-letters'], []]);
    const third = alertTransitions([], [{ key: 'dead-letters' }]);
    expect([third.fire, third.hold, third.resolve]).toEqual([[], [], ['dead-letters']]);
  });
});
