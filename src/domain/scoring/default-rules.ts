import type { ScoringRuleInput } from './scoring.schema.js';

/**
 * The rule set shipped as `scoring.rules` when the config gives none. The conversation signals and
 * their points are SPEC §6's table; the rest covers its four categories with modest weights.
 */
const DECISION_TITLES = String.raw`\b(ceo|cto|cfo|coo|cmo|founder|co-?founder|owner|president|director|head of|vp|vice president|partner|prezes|dyrektor|właściciel|wlasciciel|kierownik|zarząd|zarzad)\b`;

export const DEFAULT_SCORING_RULES: ScoringRuleInput[] = [
  // fit
  {
    id: 'decision-maker',
    category: 'fit',
    label: 'Decision maker',
    points: 25,
    when: { any: [{ field: 'conversation.decisionMaker', equals: true }, { field: 'jobTitle', matches: DECISION_TITLES }] },
  },
  {
    id: 'company-size-50-plus',
    category: 'fit',
    label: 'Company with 50+ people',
    points: 10,
    when: { any: [{ field: 'conversation.companySize', range: { gte: 50 } }, { field: 'custom.companySize', range: { gte: 50 } }] },
  },
  // intent
  {
    id: 'budget-mentioned',
    category: 'intent',
    label: 'Budget mentioned',
    points: 20,
    when: { any: [{ field: 'conversation.budgetMentioned', equals: true }, { field: 'budget', exists: true }] },
  },
  {
    id: 'timeline-under-30-days',
    category: 'intent',
    label: 'Timeline under 30 days',
    points: 15,
    when: { field: 'conversation.timelineDays', range: { gte: 0, lt: 30 } },
  },
  {
    id: 'several-questions',
    category: 'intent',
    label: 'Several questions asked',
    points: 10,
    when: { field: 'conversation.questionsCount', range: { gte: 3 } },
  },
  {
    id: 'competitor-mentioned',
    category: 'intent',
    label: 'Competitor mentioned',
    points: 15,
    when: { field: 'conversation.competitors', exists: true },
  },
  {
    id: 'product-chosen',
    category: 'intent',
    label: 'Chose a product or service',
    points: 5,
    when: { any: [{ field: 'product', exists: true }, { field: 'conversation.products', exists: true }] },
  },
  // behaviour
  { id: 'pricing-page-view', category: 'behaviour', label: 'Viewed pricing', points: 10, when: { field: 'behaviour.pricing_page_view.count', range: { gte: 1 } } },
  { id: 'case-study-download', category: 'behaviour', label: 'Downloaded a case study', points: 10, when: { field: 'behaviour.case_study_download.count', range: { gte: 1 } } },
  { id: 'meeting-booked', category: 'behaviour', label: 'Booked a meeting', points: 30, when: { field: 'behaviour.meeting_booked.count', range: { gte: 1 } } },
  {
    id: 'returned-within-7-days',
    category: 'behaviour',
    label: 'Came back within 7 days',
    points: 10,
    when: { all: [{ field: 'interactions.count', range: { gte: 2 } }, { field: 'interactions.previousAt', daysSince: { lte: 7 } }] },
  },
  // data quality
  {
    id: 'company-email',
    category: 'dataQuality',
    label: 'Company email (not free mail)',
    points: 10,
    when: { all: [{ field: 'email', exists: true }, { not: { field: 'flags', in: ['email-free', 'email-disposable', 'email-invalid'] } }] },
  },
  { id: 'free-mail', category: 'dataQuality', label: 'Free-mail address', points: -5, when: { field: 'flags', equals: 'email-free' } },
  {
    id: 'valid-phone',
    category: 'dataQuality',
    label: 'Valid phone',
    points: 5,
    when: { all: [{ field: 'phone', exists: true }, { not: { field: 'flags', in: ['phone-invalid', 'phone-no-country'] } }] },
  },
  { id: 'spam-signals', category: 'dataQuality', label: 'Spam or test signals', points: -50, when: { field: 'flags', in: ['spam', 'test', 'email-disposable'] } },
];
