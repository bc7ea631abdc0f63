import { describe, expect, it } from 'vitest';
import type { Lead } from '../../domain/types.js';
import { churnSignal } from './churn-signal.js';

const leadWith = (data: Record<string, unknown>) => ({ id: 'ld_1', data }) as unknown as Lead;
const analysis = (conversationId: string, intents: string[], isSpam = false) => ({ conversationId, intents, isSpam });

describe('churnSignal', () => {
  it('raises once per conversation: a re-score of the same one schedules nothing', () => {
    const first = churnSignal(leadWith({ analysis: analysis('cv_a', ['churn', 'support']) }), 1000);
    expect(first).toEqual({
      state: { conversationId: 'cv_a', active: true, at: 1000 },
      step: { key: 'step:ld_1:churn-raise:cv_a', runAt: 1000, payload: { kind: 'churn-alert', action: 'raise', conversationId: 'cv_a' } },
    });
    expect(churnSignal(leadWith({ analysis: analysis('cv_a', ['churn']), churnSignal: first!.state }), 2000)).toBeNull();
  });

  it('a new churn conversation raises again (the runner de-duplicates per lead); a later calm one resolves', () => {
    const state = { conversationId: 'cv_a', active: true, at: 1000 };
    expect(churnSignal(leadWith({ analysis: analysis('cv_b', ['churn']), churnSignal: state }), 2000)?.step.payload).toMatchObject({ action: 'raise', conversationId: 'cv_b' });
    expect(churnSignal(leadWith({ analysis: analysis('cv_c', ['pricing']), churnSignal: state }), 3000)).toMatchObject({ state: { active: false }, step: { key: 'step:ld_1:churn-resolve:cv_c' } });
  });

  it('nothing for spam, no analysis, or no churn ever', () => {
    expect(churnSignal(leadWith({ analysis: analysis('cv_a', ['churn'], true) }), 1)).toBeNull();
    expect(churnSignal(leadWith({}), 1)).toBeNull();
    expect(churnSignal(leadWith({ analysis: analysis('cv_a', ['support']) }), 1)).toBeNull();
  });
});
