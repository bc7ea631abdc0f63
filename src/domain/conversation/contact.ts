import { normalizeCompany } from '../quality/company.js';
import { normalizeEmail } from '../quality/email.js';
import { normalizeNamePart, splitFullName } from '../quality/names.js';
import { normalizePhone } from '../quality/phone.js';
import { isTestPhoneDigits, testEmailReason } from '../quality/test-data.js';
import { companyFromDomain, findCompany, findIntroducedName, findSignedName } from './introductions.js';
import { domainInList, FREE_MAIL_DOMAINS } from '../quality/email-domains.js';
import { findJobTitle } from './job-title.js';
import { askedSlots } from './slots.js';
import { previousReply, type ConversationMessage, type VisitorHints } from './transcript.js';

/**
 * Contact details from the visitor's messages, checked by the same validators as form leads
 * (`quality/`): emails must pass the syntax check, phones must be valid numbers and are given in
 * E.164. What the visitor typed wins over the chatbot's visitor hints (it is the newest word); the
 * hints fill the gaps. The last valid email/phone wins (people correct typos); the first name,
 * company and job title stated win. Bot and agent messages are never mined for contact data, but a
 * bot question gives a bare answer its meaning ("What's your name?" → "Anna Nowak").
 */

export interface ContactDetails {
  email: string | null;
  /** E.164. */
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
}

export type ContactField = keyof ContactDetails;

/** Where a value came from: a message id, the visitor hints, or a language model. */
export interface FieldSource {
  from: 'message' | 'hint' | 'model';
  messageId: string | null;
}

export interface ContactExtraction {
  contact: ContactDetails;
  sources: Partial<Record<ContactField, FieldSource>>;
  /** Emails or phones that looked like contact data but failed validation, as typed. */
  rejected: string[];
  /** The email or phone is an obvious test entry (`test@test.test`): no CRM record is created. */
  testData: boolean;
}

export interface Found<T> {
  value: T;
  index: number;
  end: number;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Valid emails in a text (also "anna (at) acme.pl"), normalized. Invalid look-alikes go to `rejected`. */
export function findEmails(text: string, rejected: string[] = []): Array<Found<string>> {
  // Indices refer to the de-obfuscated text, which differs from the message only around "(at)".
  const deobfuscated = text.replace(/\s?[[(]\s?(?:at|małpa)\s?[\])]\s?/giu, '@');
  const out: Array<Found<string>> = [];
  for (const m of deobfuscated.matchAll(EMAIL)) {
    const raw = m[0].replace(/[.-]+$/, '');
    const quality = normalizeEmail(raw);
    if (quality.valid && quality.address) out.push({ value: quality.address, index: m.index, end: m.index + m[0].length });
    else rejected.push(raw);
  }
  return out;
}

const PHONE = /(?<![\p{L}\p{N}+$€£])(?:\+|00)?\(?\d[\d \u00a0().-]{6,}\d(?![\p{N}])(?!\s?(?:zł|zl|pln|usd|eur|gbp|k\b|tys|mln|\$|€))/giu;

/** Valid phone numbers in a text as E.164; `country` reads numbers written without `+`. */
export function findPhones(text: string, country: string, rejected: string[] = []): Array<Found<string>> {
  const out: Array<Found<string>> = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].trim();
    const digits = raw.replace(/\D/g, '');
    // Dates (2026-03-15, 15.03.2026) and short amounts are not phone numbers.
    if (digits.length < 9 || digits.length > 15 || /^\d{1,4}[.-]\d{1,2}[.-]\d{1,4}$/.test(raw)) continue;
    const phone = normalizePhone(raw, { workspaceCountry: country });
    if (phone.valid && phone.e164) out.push({ value: phone.e164, index: m.index, end: m.index + m[0].length });
    else rejected.push(raw);
  }
  return out;
}

function bareAnswer(text: string, maxWords: number): string | null {
  const cleaned = text
    .trim()
    .replace(/^(?:it's|it is|i'm|i am|we're|we are|to|jestem|firma|nazywam się|sure,?|jasne,?|oczywiście,?)\s+/iu, '')
    .replace(/[.!]+$/u, '')
    .trim();
  // "Acme, we have 3 sites": the answer is the first clause.
  const first = (cleaned.split(/\s*[,;]\s*|\.\s+/u)[0] ?? '').trim();
  if (first === '' || /[?@\d]/u.test(first) || first.split(/\s+/).length > maxWords) return null;
  return first;
}

interface Candidate {
  value: string;
  messageId: string;
}

/** Contact details from a transcript's user messages; `country` is the phone default country. */
export function extractContact(messages: readonly ConversationMessage[], hints: VisitorHints, country: string): ContactExtraction {
  const rejected: string[] = [];
  let email: Candidate | null = null;
  let phone: Candidate | null = null;
  let name: Candidate | null = null;
  let company: Candidate | null = null;
  let jobTitle: Candidate | null = null;

  for (const [i, message] of messages.entries()) {
    if (message.role !== 'user') continue;
    const text = message.text.normalize('NFC');
    const asked = askedSlots(previousReply(messages, i)?.text ?? '');
    const emails = findEmails(text, rejected);
    const last = emails[emails.length - 1];
    if (last) email = { value: last.value, messageId: message.id };
    const phones = findPhones(text, country, rejected);
    const lastPhone = phones[phones.length - 1];
    if (lastPhone) phone = { value: lastPhone.value, messageId: message.id };

    const givesContact = emails.length > 0 || phones.length > 0 || asked.some((slot) => slot === 'email' || slot === 'phone' || slot === 'firstName');
    const signed = givesContact ? findSignedName(text, (last?.value ?? email?.value ?? '').split('@')[0] ?? null)?.name : null;
    const introduced = findIntroducedName(text)?.name ?? signed ?? (asked.includes('firstName') ? bareAnswer(text, 3) : null);
    if (!name && introduced) name = { value: introduced, messageId: message.id };
    const stated = findCompany(text, introduced ? [introduced] : [], givesContact)?.company ?? (asked.includes('company') ? bareAnswer(text, 6) : null);
    if (!company && stated) company = { value: stated, messageId: message.id };
    const title = findJobTitle(text) ?? (asked.includes('jobTitle') ? bareAnswer(text, 5) : null);
    if (!jobTitle && title) jobTitle = { value: title, messageId: message.id };
  }

  // No company stated: the email's domain, when a message writes it as a word ("…Polmarket").
  const domain = email?.value.split('@')[1] ?? '';
  if (!company && domain !== '' && !domainInList(domain, FREE_MAIL_DOMAINS)) {
    for (const message of messages) {
      const named = message.role === 'user' ? companyFromDomain(message.text.normalize('NFC'), domain.split('.')[0] ?? '') : null;
      if (named) {
        company = { value: named, messageId: message.id };
        break;
      }
    }
  }

  const sources: ContactExtraction['sources'] = {};
  const pick = (field: ContactField, found: Candidate | null, hint: string | null): string | null => {
    if (found) {
      sources[field] = { from: 'message', messageId: found.messageId };
      return found.value;
    }
    if (hint) sources[field] = { from: 'hint', messageId: null };
    return hint;
  };

  const hintEmail = hints.email ? normalizeEmail(hints.email).address : null;
  const hintPhone = hints.phone ? normalizePhone(hints.phone, { workspaceCountry: country }).e164 : null;
  const split = name ? splitFullName(name.value) : { firstName: null, lastName: null };
  const part = (value: string | null): Candidate | null => (value && name ? { value, messageId: name.messageId } : null);
  const companyName = company ? { ...company, value: normalizeCompany(company.value)?.name ?? company.value } : null;
  const contact: ContactDetails = {
    email: pick('email', email, hintEmail),
    phone: pick('phone', phone, hintPhone),
    firstName: pick('firstName', part(split.firstName), hints.firstName ? normalizeNamePart(hints.firstName) : null),
    lastName: pick('lastName', part(split.lastName), hints.lastName ? normalizeNamePart(hints.lastName) : null),
    company: pick('company', companyName, hints.company ? (normalizeCompany(hints.company)?.name ?? null) : null),
    jobTitle: pick('jobTitle', jobTitle, hints.jobTitle?.trim() || null),
  };
  const testData = (contact.email !== null && testEmailReason(contact.email) !== null) || (contact.phone !== null && isTestPhoneDigits(contact.phone));
  return { contact, sources, rejected, testData };
}
