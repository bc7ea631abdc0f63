import { z } from 'zod';
import { profilingConfigSchema } from './profiling.js';

/**
 * The `conversation` config section: the catalogue, competitor list, scoring points and every
 * threshold the conversation analysis reads. `conversationConfigSchema.parse({})` is a working
 * config. Keyword lists named `extra…` add to the built-in Polish/English lexicon, never replace it.
 *
 * Phrase syntax (catalogue synonyms, competitor aliases, extra keywords): case and diacritics are
 * ignored, words are matched whole, and a trailing `*` accepts any ending (`wdroże*` matches
 * `wdrożenie`, `wdrożenia`, `wdrożeniem`). Catalogue synonyms also accept Polish case endings
 * without a `*` (see `catalogue.ts`).
 */

export const LANGUAGES = ['pl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const INTENTS = ['pricing', 'demo', 'support', 'churn', 'purchase', 'spam'] as const;
export type Intent = (typeof INTENTS)[number];

export const OBJECTIONS = ['price', 'integration', 'security', 'timing', 'contract', 'features'] as const;
export type Objection = (typeof OBJECTIONS)[number];

/** Fields the qualification dialogue can ask for, in the order it asks by default. */
export const QUALIFICATION_FIELDS = ['email', 'phone', 'firstName', 'company', 'budget', 'timeline', 'decisionMaker', 'companySize'] as const;
export type QualificationField = (typeof QUALIFICATION_FIELDS)[number];

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. PLN');
const phrases = z.array(z.string().min(1));
const slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'ids are lower-case slugs');

const catalogueEntry = z
  .object({
    id: slug.describe('the catalogue id reported in `products[]` and synced to the CRM'),
    name: z.string().min(1).describe('the name shown in notes'),
    synonyms: phrases.default([]).describe('other names and spellings; the name itself always matches'),
  })
  .strict();

const keywordsByKind = <T extends readonly string[]>(kinds: T) =>
  z.object(Object.fromEntries(kinds.map((k) => [k, phrases.optional()])) as Record<T[number], z.ZodOptional<typeof phrases>>).strict();

export const conversationConfigSchema = z
  .object({
    ruleSetVersion: z.string().min(1).default('conversation-rules-1').describe('recorded with every score breakdown'),
    defaultLanguage: z.enum(LANGUAGES).default('en').describe('used when a conversation has too little text to tell'),
    defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('PL').describe('phone numbers written without + are read in this country'),
    currencyByLanguage: z
      .object({ pl: currency.nullable().default('PLN'), en: currency.nullable().default(null) })
      .strict()
      .prefault({})
      .describe('currency of an amount said without one; null leaves the budget currency unknown'),
    products: z.array(catalogueEntry).default([]).describe('the product catalogue matched in messages'),
    competitors: z.array(catalogueEntry).default([]).describe('competitors matched in messages'),
    extraKeywords: z
      .object({
        intents: keywordsByKind(INTENTS).prefault({}),
        objections: keywordsByKind(OBJECTIONS).prefault({}),
        industries: z.record(slug, phrases).default({}).describe('industry id → phrases, added to the built-in industries'),
        handoff: phrases.default([]).describe('phrases that ask for a person'),
      })
      .strict()
      .prefault({}),
    scoring: z
      .object({
        budgetMentioned: z.number().int().default(20),
        timelineSoon: z.number().int().default(15),
        timelineSoonDays: z.number().int().min(1).default(30).describe('a timeline under this many days earns timelineSoon'),
        decisionMaker: z.number().int().default(25),
        severalQuestions: z.number().int().default(10),
        severalQuestionsMin: z.number().int().min(1).default(3).describe('how many questions count as several'),
        competitorMentioned: z.number().int().default(15),
      })
      .strict()
      .prefault({}),
    timeline: z
      .object({
        asapDays: z.number().int().min(0).default(7).describe('days an "as soon as possible" timeline stands for'),
        fewUnits: z.number().int().min(1).default(3).describe('what "a few weeks / kilka tygodni" counts as'),
      })
      .strict()
      .prefault({}),
    opportunity: z
      .object({
        minScore: z.number().int().min(0).default(60).describe('conversation points that make a high-intent conversation'),
        intents: z.array(z.enum(INTENTS)).default(['purchase', 'demo']).describe('intents that are high intent on their own'),
      })
      .strict()
      .prefault({}),
    sentiment: z
      .object({
        threshold: z.number().min(0).max(1).default(0.25).describe('|balance| above this is positive / negative'),
      })
      .strict()
      .prefault({}),
    spam: z
      .object({
        maxLinks: z.number().int().min(0).default(2).describe('more links than this in the user messages is link stuffing'),
        minSignals: z.number().int().min(1).default(2).describe('spam signals that make a conversation spam'),
      })
      .strict()
      .prefault({}),
    handoff: z
      .object({
        negativeStreak: z.number().int().min(1).default(2).describe('consecutive negative user messages that call a person'),
        botFallbacks: z.number().int().min(1).default(2).describe('bot "I did not understand" replies that call a person'),
        onIntents: z.array(z.enum(INTENTS)).default(['churn', 'purchase']).describe('intents that call a person'),
        botFallbackPhrases: phrases.default([]).describe('added to the built-in fallback phrases'),
      })
      .strict()
      .prefault({}),
    qualification: z
      .object({
        ask: z.array(z.enum(QUALIFICATION_FIELDS)).default(['email', 'firstName', 'company', 'budget', 'timeline', 'decisionMaker']),
        maxAsksPerField: z.number().int().min(1).default(2).describe('after this many unanswered asks the bot moves on'),
        questions: z
          .record(z.string(), z.string().min(1))
          .default({})
          .describe('`<language>.<field>` → question text, replacing the built-in wording'),
      })
      .strict()
      .prefault({}),
    profiling: profilingConfigSchema.describe('progressive profiling: when a person\'s lead converts to an opportunity (SPEC §5)'),
    inactivityTimeoutMinutes: z.number().int().min(1).default(30).describe('a conversation with no message for this long is ended'),
    model: z
      .object({
        precedence: z.enum(['rules', 'model']).default('rules').describe('who wins when the rules and the language model disagree'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ConversationConfigInput = z.input<typeof conversationConfigSchema>;
export type ConversationConfig = z.output<typeof conversationConfigSchema>;
export type CatalogueEntry = z.output<typeof catalogueEntry>;
