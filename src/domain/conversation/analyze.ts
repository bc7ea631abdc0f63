import { handoffDecision } from './actions.js';
import type { ConversationAnalysis } from './analysis.js';
import { findBudget, type BudgetFound } from './budget.js';
import { matchCatalogue } from './catalogue.js';
import { extractContact } from './contact.js';
import { LANGUAGES, type ConversationConfig, type Language } from './conversation.schema.js';
import { decisionMaker } from './decision-maker.js';
import { findCompanySize, findIndustry, type CompanySize } from './firmographics.js';
import { detectLanguage } from './language.js';
import { nextBestAction } from './next-action.js';
import { writeNote } from './note.js';
import { missingFields, nextQuestion } from './qualification.js';
import { scoreConversation } from './score.js';
import { conversationSentiment } from './sentiment.js';
import { detectIntents, detectObjections, problemsAndNeeds, questionsAsked } from './signals.js';
import { askedSlots } from './slots.js';
import { screenConversation } from './spam.js';
import { findTimeline, type TimelineFound } from './timeline.js';
import { conversationTiming } from './timing.js';
import { previousReply, type Transcript } from './transcript.js';

/** What the rules (or a model) read from a conversation; the rest of the analysis derives from it. */
export type ConversationFacts = Omit<
  ConversationAnalysis,
  'score' | 'highIntent' | 'keyTopics' | 'nextBestAction' | 'note' | 'handoff' | 'missing' | 'nextQuestion'
> & {
  /** Longest run of negative visitor messages, for the hand-off rule. */
  negativeStreak: number;
};

/**
 * The whole rule-based analysis of one conversation: a pure function of the transcript and the
 * config. Relative timelines are resolved from the time of the message that states them, so the
 * same transcript always gives the same analysis. Call it again after each new message (real-time
 * pattern) and compare with `realtimeEvents`; call it at the end for the final note.
 */
export function analyzeConversation(transcript: Transcript, config: ConversationConfig): ConversationAnalysis {
  return completeAnalysis(extractFacts(transcript, config), transcript, config);
}

export function extractFacts(transcript: Transcript, config: ConversationConfig): ConversationFacts {
  const messages = transcript.messages;
  const texts = messages.filter((m) => m.role === 'user').map((m) => m.text);
  const hinted = transcript.hints.language?.slice(0, 2).toLowerCase();
  const language: Language = LANGUAGES.find((l) => l === hinted) ?? detectLanguage(texts, config.defaultLanguage).language;
  const extraction = extractContact(messages, transcript.hints, config.defaultCountry);

  let budget: BudgetFound | null = null;
  let timeline: TimelineFound | null = null;
  let companySize: CompanySize | null = null;
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'user') continue;
    const asked = askedSlots(previousReply(messages, i)?.text ?? '');
    const b = findBudget(m.text, { asked: asked.includes('budget'), defaultCurrency: config.currencyByLanguage[language] });
    // The strongest statement wins; among equals the latest (people refine their budget).
    if (b && (!budget || b.strength >= budget.strength)) budget = b;
    const t = findTimeline(m.text, m.at, { ...config.timeline, asked: asked.includes('timeline') });
    if (t && (!timeline || t.strength >= timeline.strength)) timeline = t;
    companySize = findCompanySize(m.text) ?? companySize;
  }

  const questions = questionsAsked(texts);
  const spam = screenConversation(texts, config);
  const intents = detectIntents(texts, config);
  if (spam.isSpam) intents.push('spam');
  const sentiment = conversationSentiment(texts, config);
  return {
    language,
    contact: extraction.contact,
    contactSources: extraction.sources,
    // Spam offers carry amounts and dates that are nobody's budget; a churn conversation's dates say
    // when the customer leaves, not when they buy.
    budget: spam.isSpam ? null : (budget?.budget ?? null),
    timeline: spam.isSpam || churnOnly(intents) ? null : (timeline?.timeline ?? null),
    decisionMaker: decisionMaker(texts, extraction.contact.jobTitle),
    companySize,
    industry: findIndustry(texts, config.extraKeywords.industries),
    competitors: matchCatalogue(texts, config.competitors).map((c) => c.id),
    products: matchCatalogue(texts, config.products).map((p) => p.id),
    questionsAsked: questions.length,
    questions,
    problems: problemsAndNeeds(texts),
    intents,
    objections: detectObjections(texts, config),
    sentiment: sentiment.sentiment,
    negativeStreak: sentiment.negativeStreak,
    isSpam: spam.isSpam,
    spamSignals: spam.signals,
    testData: extraction.testData,
    timing: conversationTiming(messages),
  };
}

function churnOnly(intents: readonly string[]): boolean {
  // A churning customer's "the price went up" is a complaint, not a pricing inquiry.
  return intents.includes('churn') && !intents.some((i) => i === 'purchase' || i === 'demo');
}

/** Score, intent, note, next action, hand-off and next question from the facts. */
export function completeAnalysis(facts: ConversationFacts, transcript: Pick<Transcript, 'messages'>, config: ConversationConfig): ConversationAnalysis {
  const { negativeStreak, ...rest } = facts;
  const { language, contact, intents, objections, isSpam } = facts;
  const score = scoreConversation(facts, config);
  const highIntent = !isSpam && !intents.includes('churn') && (intents.some((i) => config.opportunity.intents.includes(i)) || score.points >= config.opportunity.minScore);
  const action = nextBestAction({ isSpam, intents, objections, decisionMaker: facts.decisionMaker, contact, highIntent }, language);
  const productNames = facts.products.map((id) => config.products.find((p) => p.id === id)?.name ?? id);
  const keyTopics = [...new Set([...intents.filter((i) => i !== 'spam'), ...productNames, ...objections, ...(facts.industry ? [facts.industry] : [])])];
  const missing = missingFields(
    {
      email: contact.email !== null, phone: contact.phone !== null, firstName: contact.firstName !== null, company: contact.company !== null,
      budget: facts.budget !== null, timeline: facts.timeline !== null, decisionMaker: facts.decisionMaker !== null, companySize: facts.companySize !== null,
    },
    config,
  );
  return {
    ...rest,
    score,
    highIntent,
    keyTopics,
    nextBestAction: action,
    note: writeNote({ ...facts, firstName: contact.firstName, productNames, keyTopics, nextBestAction: action }),
    handoff: isSpam ? { required: false, reasons: [] } : handoffDecision(transcript.messages, { intents, negativeStreak }, config),
    missing,
    nextQuestion: isSpam ? null : nextQuestion(missing, transcript.messages, language, config),
  };
}
