import { describe, expect, it } from 'vitest';
import { buildLeadFacts, type ConversationSignals } from './lead-facts.js';
import { appendScoreHistory, detectSegmentChange } from './score-history.js';
import { scoreLead } from './score-lead.js';
import { scoringConfigSchema } from './scoring.schema.js';
import { aLead, DAY, NOW } from './test-builders.js';

const config = scoringConfigSchema.parse({});
const chat = (conversation: ConversationSignals) => buildLeadFacts(aLead({ channel: 'webchat' }), { conversation });
const ruleIds = (facts: ReturnType<typeof chat>) => scoreLead(facts, config, NOW).breakdown.map((l) => l.ruleId);

describe('scoreLead with the shipped rules (SPEC §6)', () => {
  it.each([
    ['budget-mentioned', { budgetMentioned: true }, 20],
    ['timeline-under-30-days', { timelineDays: 29 }, 15],
    ['decision-maker', { decisionMaker: true }, 25],
    ['several-questions', { questionsCount: 3 }, 10],
    ['competitor-mentioned', { competitors: ['Salesforce'] }, 15],
  ] as const)('%s adds its SPEC points', (ruleId, signals, points) => {
    const result = scoreLead(chat(signals), config, NOW);
    expect(result.breakdown).toEqual([expect.objectContaining({ ruleId, points })]);
    expect(result.score).toBe(points);
  });

  it('does not count a 30-day timeline, one question, or no competitors', () => {
    expect(ruleIds(chat({ timelineDays: 30, questionsCount: 1, competitors: [] }))).toEqual([]);
  });

  it('a chatbot lead with all five signals is hot (85) and records version and breakdown', () => {
    const result = scoreLead(
      chat({ budgetMentioned: true, timelineDays: 14, decisionMaker: true, questionsCount: 4, competitors: ['Acme'] }),
      config,
      NOW,
    );
    expect(result.score).toBe(85);
    expect(result.segment).toBe('hot');
    expect(result.actions).toContain('create-deal');
    expect(result.ruleSetVersion).toBe('default-1');
    expect(result.categories).toEqual({ fit: 25, intent: 60, behaviour: 0, dataQuality: 0 });
    expect(result.breakdown.reduce((s, l) => s + l.points, 0)).toBe(85);
    expect(result.scoredAt).toBe(NOW);
  });

  it('rewards a company email and a valid phone, and marks free mail down', () => {
    const company = buildLeadFacts(aLead({}, { data: { email: 'anna@firma.pl', phone: '+48888784878' } }));
    expect(scoreLead(company, config, NOW).breakdown.map((l) => [l.ruleId, l.points])).toEqual([
      ['company-email', 10],
      ['valid-phone', 5],
    ]);
    const free = buildLeadFacts(aLead({}, { data: { email: 'anna@gmail.com' }, flags: ['email-free'] }));
    expect(scoreLead(free, config, NOW).breakdown.map((l) => l.ruleId)).toEqual(['free-mail']);
  });

  it('reads a decision-making job title in Polish or English', () => {
    expect(ruleIds(buildLeadFacts(aLead({ jobTitle: 'Prezes Zarządu' })))).toContain('decision-maker');
    expect(ruleIds(buildLeadFacts(aLead({ jobTitle: 'Head of Sales' })))).toContain('decision-maker');
    expect(ruleIds(buildLeadFacts(aLead({ jobTitle: 'Intern' })))).not.toContain('decision-maker');
  });

  it('spam signals pull the score to the floor', () => {
    const spam = buildLeadFacts(aLead({ budget: '10k' }, { flags: ['spam'] }), { conversation: { decisionMaker: true } });
    const result = scoreLead(spam, config, NOW);
    expect(result.breakdown.map((l) => l.ruleId)).toContain('spam-signals');
    expect(result.score).toBe(0);
    expect(result.segment).toBe('cold');
  });

  it('behaviour events raise the score on re-scoring; a return counts only within 7 days', () => {
    const lead = aLead({ jobTitle: 'CEO', budget: '50k' });
    expect(scoreLead(buildLeadFacts(lead), config, NOW).segment).toBe('warm'); // 45
    const events = [
      { type: 'pricing_page_view', at: NOW - DAY },
      { type: 'case_study_download', at: NOW - 2 * DAY },
    ];
    const later = scoreLead(buildLeadFacts(lead, { events, interactions: { count: 2, previousAt: NOW - 6 * DAY } }), config, NOW);
    expect(later.score).toBe(75);
    expect(later.segment).toBe('hot');
    const stale = scoreLead(buildLeadFacts(lead, { interactions: { count: 2, previousAt: NOW - 8 * DAY } }), config, NOW);
    expect(stale.breakdown.map((l) => l.ruleId)).not.toContain('returned-within-7-days');
  });
});

describe('segments, caps and versions', () => {
  const flat = (points: number) =>
    scoringConfigSchema.parse({ version: 'v7', rules: [{ id: 'flat', category: 'fit', points, when: { field: 'sourceId', exists: true } }] });
  it.each([
    [0, 'cold'],
    [39, 'cold'],
    [40, 'warm'],
    [69, 'warm'],
    [70, 'hot'],
    [100, 'hot'],
  ])('score %i is %s', (points, segment) => {
    const result = scoreLead(buildLeadFacts(aLead()), flat(points), NOW);
    expect(result.segment).toBe(segment);
    expect(result.ruleSetVersion).toBe('v7');
  });

  it('clamps to 0–100 and applies category caps with a visible breakdown line', () => {
    expect(scoreLead(buildLeadFacts(aLead()), flat(140), NOW).score).toBe(100);
    expect(scoreLead(buildLeadFacts(aLead()), flat(-30), NOW).score).toBe(0);
    const capped = scoringConfigSchema.parse({ ...flat(60), categoryCaps: { fit: 40 } });
    const result = scoreLead(buildLeadFacts(aLead()), capped, NOW);
    expect(result.score).toBe(40);
    expect(result.breakdown.at(-1)).toEqual({ ruleId: 'cap:fit', label: 'fit capped at 40', category: 'fit', points: -20 });
  });

  it('rejects duplicate rule ids and unordered segments with their paths', () => {
    const rule = { id: 'a', category: 'fit', points: 1, when: { field: 'x', exists: true } };
    const dup = scoringConfigSchema.safeParse({ rules: [rule, rule] });
    expect(dup.error?.issues[0]?.path).toEqual(['rules', 1, 'id']);
    const order = scoringConfigSchema.safeParse({ segments: [{ name: 'hot', min: 70 }, { name: 'cold', min: 0 }] });
    expect(order.error?.issues[0]?.path).toEqual(['segments', 1, 'min']);
  });
});

describe('threshold crossings and history', () => {
  const warm = scoreLead(buildLeadFacts(aLead({ jobTitle: 'CEO', budget: '50k' })), config, NOW);
  const hot = scoreLead(buildLeadFacts(aLead({ jobTitle: 'CEO', budget: '50k' }), { events: [{ type: 'meeting_booked', at: NOW }] }), config, NOW + 1);

  it('entering hot from warm emits an upward change with the hot actions', () => {
    expect(detectSegmentChange(warm, hot, config.segments)).toEqual({
      type: 'segment-changed', from: 'warm', to: 'hot', direction: 'up', fromScore: 45, toScore: 75,
      actions: ['create-deal', 'notify-now', 'create-task'],
    });
  });

  it('a first score enters its segment; a drop triggers no actions; no change emits nothing', () => {
    expect(detectSegmentChange(null, warm, config.segments)?.actions).toEqual(['create-task']);
    expect(detectSegmentChange(hot, warm, config.segments)).toMatchObject({ direction: 'down', actions: [] });
    expect(detectSegmentChange(warm, warm, config.segments)).toBeNull();
  });

  it('keeps a bounded history and skips unchanged re-scores', () => {
    let history = appendScoreHistory([], warm);
    history = appendScoreHistory(history, { ...warm, scoredAt: NOW + 5 });
    history = appendScoreHistory(history, hot);
    expect(history.map((h) => [h.score, h.segment, h.at])).toEqual([[45, 'warm', NOW], [75, 'hot', NOW + 1]]);
    expect(appendScoreHistory(history, warm, 2).map((h) => h.score)).toEqual([75, 45]);
  });
});
