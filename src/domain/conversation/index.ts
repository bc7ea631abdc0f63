/**
 * Conversation intelligence (issue 7), the pure part: transcript model, Polish/English extraction
 * of contact and qualification data, intents, objections, sentiment, spam, conversation scoring
 * points, the CRM note, next best action, hand-off, qualification dialogue, real-time events, CRM
 * action plan, channel attribution, progressive profiling and the language-model port + merge.
 * No I/O and no clock reads: time comes from the messages or is an argument.
 */
export { conversationConfigSchema, LANGUAGES, INTENTS, OBJECTIONS, QUALIFICATION_FIELDS } from './conversation.schema.js';
export type { ConversationConfig, ConversationConfigInput, CatalogueEntry, Language, Intent, Objection, QualificationField } from './conversation.schema.js';

export { transcriptSchema, messageInputSchema, visitorHintsSchema, appendMessages, userMessages, MESSAGE_ROLES } from './transcript.js';
export type { Transcript, ConversationMessage, MessageRole, MessageInput, VisitorHints, AppendResult } from './transcript.js';

export { analyzeConversation, extractFacts, completeAnalysis } from './analyze.js';
export type { ConversationFacts } from './analyze.js';
export type { ConversationAnalysis, NextBestAction, NextBestActionCode, Handoff, HandoffReason, NextQuestion } from './analysis.js';

export { realtimeEvents, handoffDecision } from './actions.js';
export type { RealtimeEvent } from './actions.js';
export { channelAttribution } from './channels.js';
export { conversionDecision, knownProfileFacts, profilingConfigSchema, PROFILE_FACTS } from './profiling.js';
export type { ConversionDecision, ProfileAnalysis, ProfileFact, ProfileSubmission, ProfilingConfig } from './profiling.js';
export type { ChannelAttribution, ConversationSummary } from './channels.js';
export { conversationTiming, isInactive } from './timing.js';
export type { ConversationTiming, ResponseTimes } from './timing.js';

export { buildModelRequest, mergeModelExtraction, modelExtractionSchema } from './model.js';
export type { ConversationModelPort, ModelRequest, ModelExtraction, MergeResult } from './model.js';

export { extractContact, findEmails, findPhones } from './contact.js';
export type { ContactDetails, ContactExtraction, ContactField, FieldSource } from './contact.js';
export { findBudget } from './budget.js';
export type { Budget, BudgetFound, BudgetContext } from './budget.js';
export { findTimeline } from './timeline.js';
export type { Timeline, TimelineFound, TimelineOptions } from './timeline.js';
export { decisionMaker, decisionStatement } from './decision-maker.js';
export { findCompanySize, findIndustry, sizeBand } from './firmographics.js';
export type { CompanySize } from './firmographics.js';
export { detectLanguage } from './language.js';
export type { LanguageGuess } from './language.js';
export { matchCatalogue } from './catalogue.js';
export type { CatalogueHit } from './catalogue.js';
export { detectIntents, detectObjections, questionsAsked, problemsAndNeeds } from './signals.js';
export { conversationSentiment, scoreSentiment } from './sentiment.js';
export type { Sentiment, ConversationSentiment } from './sentiment.js';
export { screenConversation } from './spam.js';
export type { SpamResult, ConversationSpamSignal } from './spam.js';
export { scoreConversation } from './score.js';
export type { ConversationScore, ScoreLine, ConversationScoreRule } from './score.js';
export { writeNote, formatBudget } from './note.js';
export { nextBestAction } from './next-action.js';
export { missingFields, nextQuestion } from './qualification.js';
export { evaluateExtraction, caseTranscript, EVAL_FIELDS } from './evaluate.js';
export type { EvalCase, EvalField, FieldMetrics } from './evaluate.js';
