/**
 * Built-in domain and local-part lists. They are facts about the mail world, kept short and
 * extended per install through `quality.email.extra…` config. A domain in a list also covers its
 * subdomains (`x.mailinator.com`).
 */

export const DISPOSABLE_DOMAINS: readonly string[] = [
  'mailinator.com', 'guerrillamail.com', 'guerrillamail.net', 'guerrillamail.org', 'sharklasers.com', 'grr.la',
  '10minutemail.com', '10minutemail.net', 'temp-mail.org', 'tempmail.com', 'tempmail.net', 'tempr.email',
  'yopmail.com', 'yopmail.fr', 'yopmail.net', 'trashmail.com', 'trashmail.de', 'trash-mail.com', 'getnada.com',
  'nada.email', 'dispostable.com', 'maildrop.cc', 'throwawaymail.com', 'fakeinbox.com', 'mailnesia.com',
  'mintemail.com', 'emailondeck.com', 'mohmal.com', 'spamgourmet.com', 'discard.email', 'moakt.com',
  'burnermail.io', 'mailcatch.com', 'mytemp.email', 'tempinbox.com', 'spambox.us', 'getairmail.com',
  'mail-temp.com', 'temp-mail.io', 'tmpmail.org', 'tmpmail.net', 'dropmail.me', 'emailfake.com', 'minuteinbox.com',
];

export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.de', 'yahoo.fr', 'ymail.com', 'outlook.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.de', 'hotmail.fr', 'live.com', 'msn.com', 'icloud.com', 'me.com',
  'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de',
  't-online.de', 'mail.com', 'mail.ru', 'yandex.com', 'yandex.ru', 'fastmail.com', 'hey.com', 'tutanota.com',
  'tuta.io', 'zohomail.com', 'qq.com', '163.com', 'naver.com', 'seznam.cz', 'libero.it', 'orange.fr', 'laposte.net',
  'free.fr', 'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net',
  'wp.pl', 'o2.pl', 'onet.pl', 'op.pl', 'onet.eu', 'poczta.onet.pl', 'interia.pl', 'interia.eu', 'poczta.fm',
  'gazeta.pl', 'tlen.pl', 'vp.pl', 'int.pl', 'go2.pl', 'buziaczek.pl', 'autograf.pl',
];

/** Local parts that name a function rather than a person (`info@`, `sales@`, `biuro@`). */
export const ROLE_LOCAL_PARTS: readonly string[] = [
  'info', 'sales', 'contact', 'kontakt', 'biuro', 'office', 'admin', 'administrator', 'support', 'help', 'hello',
  'hi', 'hr', 'jobs', 'careers', 'praca', 'marketing', 'billing', 'accounts', 'accounting', 'noreply', 'no-reply',
  'postmaster', 'webmaster', 'hostmaster', 'abuse', 'team', 'enquiries', 'inquiries', 'press', 'media', 'service',
  'obsluga', 'sekretariat', 'recepcja', 'zamowienia', 'faktury', 'ksiegowosc', 'orders', 'mail', 'email', 'newsletter',
];

/** True when `domain` is one of `list` or a subdomain of one. Both sides are compared lower-case. */
export function domainInList(domain: string, list: Iterable<string>): boolean {
  const d = domain.toLowerCase();
  for (const entry of list) {
    const e = entry.toLowerCase();
    if (d === e || d.endsWith(`.${e}`)) return true;
  }
  return false;
}

/** A domain list lower-cased into a set, for `domainInSet` (the same answer as `domainInList`). */
export const domainSet = (list: Iterable<string>): ReadonlySet<string> => new Set([...list].map((e) => e.toLowerCase()));

/** `domainInList` against a `domainSet`: the domain itself, then what follows each of its dots. */
export function domainInSet(domain: string, set: ReadonlySet<string>): boolean {
  const d = domain.toLowerCase();
  if (set.has(d)) return true;
  for (let dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) if (set.has(d.slice(dot + 1))) return true;
  return false;
}

const roleKey = (part: string): string => part.toLowerCase().replace(/[._]/g, '');
const NO_EXTRA: readonly string[] = [];
// Per list of extra parts (the config's, so few): the built-in and extra parts as compared.
const roleSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A role address: the local part (before any `+tag`, separators ignored) is a known function name. */
export function isRoleLocalPart(local: string, extra: readonly string[] = NO_EXTRA): boolean {
  let all = roleSets.get(extra);
  if (!all) roleSets.set(extra, (all = new Set([...ROLE_LOCAL_PARTS, ...extra].map(roleKey))));
  return all.has(roleKey(local.toLowerCase().split('+')[0] ?? ''));
}
