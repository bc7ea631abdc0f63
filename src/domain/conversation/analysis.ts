import type { Budget } from './budget.js';
import type { ContactDetails, ContactField, FieldSource } from './contact.js';
import type { Intent, Language, Objection, QualificationField } from './conversation.schema.js';
import type { CompanySize } from './firmographics.js';
import type { ConversationScore } from './score.js';
import type { Sentiment } from './sentiment.js';
import type { ConversationSpamSignal } from './spam.js';
import type { Timeline } from './timeline.js';
import type { ConversationTiming } from './timing.js';

/**
 * The analysis of one conversation: what `GET /v1/conversations/:id` returns as `analysis`, what
 * `leadwire analyze` prints, and what the scoring, CRM-note and follow-up stages read.
 */

export type NextBestActionCode =
  | 'discard-spam'
  | 'alert-account-owner'
  | 'open-support-case'
  | 'send-contract'
  | 'book-technical-demo'
  | 'book-demo'
  | 'send-pricing'
  | 'collect-contact'
  | 'call-back'
  | 'nurture';

export interface NextBestAction {
  code: NextBestActionCode;
  /** In the conversation's language, as written in the note. */
  text: string;
}

export type HandoffReason = 'asked-for-human' | 'negative-sentiment' | 'bot-fallbacks' | `intent:${Intent}`;

export interface Handoff {
  required: boolean;
  reasons: HandoffReason[];
}

export interface NextQuestion {
  field: QualificationField;
  text: string;
}

export interface ConversationAnalysis {
  language: Language;
  contact: ContactDetails;
  /** Where each contact value came from (message id, visitor hint or model). */
  contactSources: Partial<Record<ContactField, FieldSource>>;
  budget: Budget | null;
  timeline: Timeline | null;
  /** true / false, or null when not stated. */
  decisionMaker: boolean | null;
  companySize: CompanySize | null;
  industry: string | null;
  /** Catalogue ids, in order of first mention. */
  competitors: string[];
  products: string[];
  questionsAsked: number;
  questions: string[];
  problems: string[];
  intents: Intent[];
  objections: Objection[];
  sentiment: Sentiment;
  isSpam: boolean;
  spamSignals: ConversationSpamSignal[];
  /** Obvious test contact data (`test@test.test`): never create a CRM record. */
  testData: boolean;
  score: ConversationScore;
  /** High intent → deal/opportunity and a sales notification. */
  highIntent: boolean;
  keyTopics: string[];
  nextBestAction: NextBestAction;
  note: string;
  handoff: Handoff;
  /** Qualification fields still unknown, in the order the dialogue asks for them. */
  missing: QualificationField[];
  nextQuestion: NextQuestion | null;
  timing: ConversationTiming;
}
