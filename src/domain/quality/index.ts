/**
 * Lead quality (issue 3): pure validation, normalization, enrichment, spam screening, identity
 * keys, matching, merging and consent records. No I/O, no clock reads: time is an argument.
 */
export { qualityConfigSchema, qualitySourceOverrideSchema, missingDataPolicySchema, configForSource } from './quality.schema.js';
export type { QualityConfig, QualitySourceOverride, MissingDataPolicy } from './quality.schema.js';

export { normalizeNamePart, splitFullName, normalizeFullName, resolvePersonName } from './names.js';
export type { SplitName } from './names.js';
export { checkEmailSyntax } from './email-syntax.js';
export type { EmailProblem, EmailSyntax } from './email-syntax.js';
export { normalizeEmail } from './email.js';
export type { EmailQuality, EmailOptions } from './email.js';
export { normalizePhone, preparePhoneText } from './phone.js';
export type { PhoneQuality, PhoneType, PhoneProblem } from './phone.js';
export { resolveDefaultCountry, countryCodeFrom, countryFromTimeZone } from './country.js';
export type { CountryHints } from './country.js';
export { normalizeCompany, companyKey } from './company.js';
export type { CompanyQuality } from './company.js';
export { normalizeLead } from './normalize.js';
export type { NormalizedLead, NormalizedFields, NormalizeContext } from './normalize.js';
export { validateLead } from './validate.js';
export type { ValidationResult } from './validate.js';

export { screenSubmission } from './spam.js';
export type { SpamVerdict, SpamSignal, SpamSignalCode, SpamInput, SpamTiming } from './spam.js';
export { signRenderStamp, readRenderStamp, renderTiming } from './render-stamp.js';
export { evaluateMissingData, completeness, requiredFields } from './missing-data.js';
export type { MissingDataResult } from './missing-data.js';

export { enrichLead } from './enrich.js';
export type { Enrichment, EnrichContext } from './enrich.js';
export { parseUserAgent } from './user-agent.js';
export type { DeviceInfo } from './user-agent.js';
export { resolveTimeZone } from './timezone.js';
export type { TimeZoneInfo } from './timezone.js';
export { classifyTraffic } from './traffic-channel.js';
export type { TrafficChannel } from './traffic-channel.js';
export { startAttribution, addTouch, mergeAttribution } from './touches.js';
export type { Touch, Attribution, ChannelHistory } from './touches.js';

export { identityProfile } from './profile.js';
export type { IdentityProfile } from './profile.js';
export { identityKeys, emailKey, phoneKey, channelKey, fuzzyBlockingKeys, lookupKeys } from './identity-keys.js';
export type { IdentityKey, IdentityKeyKind, EmailKeyOptions } from './identity-keys.js';
export { jaro, jaroWinkler, tokenSimilarity } from './similarity.js';
export { nameEvidence, evidenceKeys, agreeingFields, companySimilarity, namesConflict } from './name-evidence.js';
export type { NameEvidence, FieldEvidence, FieldLevel } from './name-evidence.js';
export { frequencyKeys, shareOf, namedPeople, NO_FREQUENCIES } from './name-frequencies.js';
export type { NameFrequencies, FrequencyKind } from './name-frequencies.js';
export { decideMatch } from './match.js';
export type { MatchDecision, MatchEvidence, MatchCandidate, MatchRule, MatchOptions, NameDowngrade } from './match.js';
export { mergeLead, mergeEventDetail } from './merge.js';
export type { MergeableLead, MergeResult, FieldChange, MergeRule, MergeOptions } from './merge.js';

export { buildConsentRecords, buildWithdrawal, currentConsent, hasConsent } from './consent.js';
export type { ConsentRecord, ConsentAction, ConsentContext, ConsentBuild, ConsentState } from './consent.js';
export { truncateIp, applyIpPolicy } from './ip.js';
export type { IpPolicy } from './ip.js';
