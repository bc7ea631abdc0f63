import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeConversation } from './analyze.js';
import { conversationConfigSchema } from './conversation.schema.js';
import { caseTranscript, evaluateExtraction, type EvalCase } from './evaluate.js';

const load = (name: string): EvalCase[] => JSON.parse(readFileSync(new URL(`../../../test/fixtures/conversations/${name}`, import.meta.url), 'utf8')) as EvalCase[];
const EVAL_CONFIG = conversationConfigSchema.parse(JSON.parse(readFileSync(new URL('../../../test/fixtures/conversations/eval-config.json', import.meta.url), 'utf8')));
const cases = [...load('eval-pl.json'), ...load('eval-en.json')];
const results = cases.map((c) => ({ case: c, analysis: analyzeConversation(caseTranscript(c), EVAL_CONFIG) }));
const metrics = evaluateExtraction(results);

describe('evaluation set (issue 7 acceptance, rules only)', () => {
  it('has at least 60 conversations, half Polish and half English', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.id.startsWith('pl-')).length).toBe(cases.length / 2);
  });

  it.each(['email', 'phone', 'firstName', 'lastName', 'company', 'jobTitle'] as const)('contact field %s: precision and recall ≥ 0.95', (field) => {
    expect(metrics[field].precision).toBeGreaterThanOrEqual(0.95);
    expect(metrics[field].recall).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['budget', 'timeline', 'decisionMaker', 'competitors'] as const)('%s precision and recall ≥ 0.85', (field) => {
    expect(metrics[field].precision).toBeGreaterThanOrEqual(0.85);
    expect(metrics[field].recall).toBeGreaterThanOrEqual(0.85);
  });
});
