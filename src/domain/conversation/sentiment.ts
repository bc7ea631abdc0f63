import type { ConversationConfig } from './conversation.schema.js';
import { findPhrases, fold } from './text.js';

/**
 * Lexicon sentiment of the visitor's messages. Each positive or negative phrase counts one,
 * flipped when negated ("not happy" is negative); the balance (pos − neg) / (pos + neg) above the
 * configured threshold is positive, below its negative is negative, otherwise neutral.
 */

export type Sentiment = 'positive' | 'neutral' | 'negative';

const POSITIVE = [
  'great', 'thanks', 'thank you', 'perfect', 'love', 'excellent', 'helpful', 'awesome', 'amazing', 'good', 'nice', 'happy',
  'glad', 'impressed', 'interesting', 'cool', 'sounds good', 'exactly what', 'swietn*', 'super', 'dziekuje', 'dzieki',
  'doskonal*', 'idealn*', 'fajn*', 'przydatn*', 'swietnie', 'bardzo dobr*', 'dobrze', 'ciekaw*', 'zadowolon*', 'podoba',
  'rewelac*', 'wspanial*', 'brzmi dobrze',
];
const NEGATIVE = [
  'bad', 'terrible', 'awful', 'angry', 'frustrat*', 'disappoint*', 'useless', 'worst', 'annoy*', 'horrible', 'ridiculous',
  'unacceptable', 'waste', 'poor', 'hate', 'broken', 'still not', 'again', 'fatalnie', 'fataln*', 'beznadziej*', 'rozczarow*',
  'zly', 'zla', 'zle', 'wkurz*', 'frustruj*', 'skandal*', 'nieakceptowaln*', 'strata czasu', 'okropn*', 'tragedi*',
  'tragiczn*', 'irytuj*', 'niezadowolon*', 'zawiedzion*', 'nadal nie', 'znowu', 'po raz kolejny',
];

export interface SentimentScore {
  positive: number;
  negative: number;
  sentiment: Sentiment;
}

export function scoreSentiment(text: string, threshold: number): SentimentScore {
  const folded = fold(text);
  let positive = 0;
  let negative = 0;
  for (const m of findPhrases(folded, POSITIVE)) m.negated ? negative++ : positive++;
  for (const m of findPhrases(folded, NEGATIVE)) m.negated ? positive++ : negative++;
  const total = positive + negative;
  const balance = total === 0 ? 0 : (positive - negative) / total;
  const sentiment: Sentiment = balance > threshold ? 'positive' : balance < -threshold ? 'negative' : 'neutral';
  return { positive, negative, sentiment };
}

export interface ConversationSentiment {
  sentiment: Sentiment;
  /** The longest run of consecutive negative visitor messages (for the hand-off rule). */
  negativeStreak: number;
  /** Sentiment of the last visitor message: how the conversation ends. */
  last: Sentiment;
}

export function conversationSentiment(userTexts: readonly string[], config: Pick<ConversationConfig, 'sentiment'>): ConversationSentiment {
  const threshold = config.sentiment.threshold;
  let streak = 0;
  let longest = 0;
  let last: Sentiment = 'neutral';
  for (const text of userTexts) {
    last = scoreSentiment(text, threshold).sentiment;
    streak = last === 'negative' ? streak + 1 : 0;
    longest = Math.max(longest, streak);
  }
  return { sentiment: scoreSentiment(userTexts.join('\n'), threshold).sentiment, negativeStreak: longest, last };
}
