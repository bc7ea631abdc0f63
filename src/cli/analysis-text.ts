import { formatBudget, type ConversationAnalysis } from '../domain/conversation/index.js';

/**
 * `leadwire analyze` without `--json`: the analysis as a salesperson reads it — the CRM note, the
 * next best action, what was extracted, and the conversation's scoring points line by line.
 */
export function analysisText(a: ConversationAnalysis): string {
  const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : String(v));
  const list = (xs: readonly string[]) => (xs.length === 0 ? '–' : xs.join(', '));
  const c = a.contact;
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  const rows: Array<[string, string]> = [
    ['name', dash(name)],
    ['email', dash(c.email)],
    ['phone', dash(c.phone)],
    ['company', dash(c.company)],
    ['job title', dash(c.jobTitle)],
    ['budget', a.budget ? formatBudget(a.budget, a.language) : '–'],
    ['timeline', a.timeline ? `${a.timeline.label} (by ${a.timeline.targetDate}, ${a.timeline.withinDays} days)` : '–'],
    ['decision maker', a.decisionMaker === null ? 'not stated' : a.decisionMaker ? 'yes' : 'no'],
    ['company size', a.companySize ? `${a.companySize.employees} employees` : '–'],
    ['industry', dash(a.industry)],
    ['products', list(a.products)],
    ['competitors', list(a.competitors)],
    ['intents', list(a.intents)],
    ['objections', list(a.objections)],
    ['questions', String(a.questionsAsked)],
    ['sentiment', a.sentiment],
    ['language', a.language],
    ['spam', a.isSpam ? `yes (${a.spamSignals.join(', ')})` : 'no'],
    ['high intent', a.highIntent ? 'yes' : 'no'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const score = a.score.breakdown.map((l) => `  ${`+${l.points}`.padStart(5)}  ${l.rule} (${l.detail})`);
  return [
    a.note,
    '',
    `Next best action: ${a.nextBestAction.text} [${a.nextBestAction.code}]`,
    '',
    'Extracted:',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    `Scoring points: ${a.score.points} (rule set ${a.score.ruleSetVersion})`,
    ...(score.length > 0 ? score : ['  (none)']),
    '',
  ].join('\n');
}
