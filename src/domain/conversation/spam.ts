import type { ConversationConfig } from './conversation.schema.js';
import { findPhrases, fold } from './text.js';

/**
 * Spam screening of a chat: link stuffing, the vocabulary of SEO / crypto / casino / loan offers,
 * shouting, and gibberish. A conversation is spam at `spam.minSignals` signals or two spam phrases; a
 * single signal is reported but does not condemn a real prospect who pasted one link.
 */

export type ConversationSpamSignal = 'links' | 'spam-words' | 'shouting' | 'gibberish' | 'repeated';

const SPAM_WORDS = [
  'seo services', 'backlink*', 'guest post*', 'link building', 'rank your website', 'first page of google', 'crypto*', 'bitcoin',
  'casino', 'kasyn*', 'viagra', 'loan offer', 'payday', 'make money', 'earn money', 'earn $', 'work from home', 'forex',
  'investment opportunity', 'pozycjonowani*', 'kryptowalut*', 'pozyczk*', 'zarob*', 'szybki zarobek', 'oferta wspolpracy seo',
  'click here', 'kliknij tutaj', 'telegram', 'whatsapp me', 'dating', 'adult',
];

export interface SpamResult {
  isSpam: boolean;
  signals: ConversationSpamSignal[];
}

export function screenConversation(userTexts: readonly string[], config: Pick<ConversationConfig, 'spam'>): SpamResult {
  const text = userTexts.join('\n');
  const signals: ConversationSpamSignal[] = [];
  if ((text.match(/https?:\/\/|www\./giu)?.length ?? 0) > config.spam.maxLinks) signals.push('links');
  const spamWords = findPhrases(fold(text), SPAM_WORDS).filter((m) => !m.negated).length;
  if (spamWords > 0) signals.push('spam-words');
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 20 && letters.replace(/[^\p{Lu}]/gu, '').length / letters.length > 0.7) signals.push('shouting');
  const words = text.match(/\p{L}{6,}/gu) ?? [];
  if (words.length >= 3 && words.filter((w) => !/[aeiouyąęó]/iu.test(w)).length / words.length > 0.5) signals.push('gibberish');
  const distinct = new Set(userTexts.map((t) => fold(t).trim()).filter((t) => t.length > 10));
  if (userTexts.length >= 3 && distinct.size === 1) signals.push('repeated');
  // Two different offers' worth of spam vocabulary condemn a chat on their own.
  return { isSpam: signals.length >= config.spam.minSignals || spamWords >= 2, signals };
}
