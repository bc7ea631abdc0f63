/**
 * Which country a lead's phone number is probably from, when it has no `+` prefix. Order (first
 * that yields a code wins): the source's configured country, the lead's own `country`, the
 * country of its IANA time zone, the workspace default.
 */

/** IANA zones → ISO country, for the zones of the markets we serve; unknown zones give nothing. */
const ZONE_COUNTRY: Readonly<Record<string, string>> = {
  'Europe/Warsaw': 'PL', 'Europe/Berlin': 'DE', 'Europe/Busingen': 'DE', 'Europe/London': 'GB', 'Europe/Dublin': 'IE',
  'Europe/Paris': 'FR', 'Europe/Madrid': 'ES', 'Europe/Rome': 'IT', 'Europe/Amsterdam': 'NL', 'Europe/Brussels': 'BE',
  'Europe/Vienna': 'AT', 'Europe/Zurich': 'CH', 'Europe/Prague': 'CZ', 'Europe/Bratislava': 'SK', 'Europe/Budapest': 'HU',
  'Europe/Vilnius': 'LT', 'Europe/Riga': 'LV', 'Europe/Tallinn': 'EE', 'Europe/Kyiv': 'UA', 'Europe/Kiev': 'UA',
  'Europe/Stockholm': 'SE', 'Europe/Oslo': 'NO', 'Europe/Copenhagen': 'DK', 'Europe/Helsinki': 'FI', 'Europe/Lisbon': 'PT',
  'Europe/Athens': 'GR', 'Europe/Bucharest': 'RO', 'Europe/Sofia': 'BG', 'America/New_York': 'US', 'America/Chicago': 'US',
  'America/Denver': 'US', 'America/Phoenix': 'US', 'America/Los_Angeles': 'US', 'America/Anchorage': 'US',
  'Pacific/Honolulu': 'US', 'America/Toronto': 'CA', 'America/Vancouver': 'CA', 'Australia/Sydney': 'AU',
};

/** Country names people type into a country field, beyond ISO codes. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  poland: 'PL', polska: 'PL', germany: 'DE', deutschland: 'DE', niemcy: 'DE', 'united kingdom': 'GB', uk: 'GB',
  'great britain': 'GB', england: 'GB', 'wielka brytania': 'GB', 'united states': 'US', usa: 'US', 'stany zjednoczone': 'US',
  france: 'FR', francja: 'FR', spain: 'ES', hiszpania: 'ES', italy: 'IT', włochy: 'IT', czechia: 'CZ', czechy: 'CZ',
};

/** An ISO 3166-1 alpha-2 code from a code or a common country name, else null. */
export function countryCodeFrom(value: string | undefined | null): string | null {
  if (!value) return null;
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase() === 'UK' ? 'GB' : text.toUpperCase();
  return COUNTRY_NAMES[text.toLowerCase()] ?? null;
}

export function countryFromTimeZone(timeZone: string | undefined | null): string | null {
  return timeZone ? (ZONE_COUNTRY[timeZone.trim()] ?? null) : null;
}

export interface CountryHints {
  sourceCountry?: string | null;
  leadCountry?: string | null;
  timeZone?: string | null;
  workspaceCountry?: string | null;
}

export function resolveDefaultCountry(hints: CountryHints): string | null {
  return (
    countryCodeFrom(hints.sourceCountry) ??
    countryCodeFrom(hints.leadCountry) ??
    countryFromTimeZone(hints.timeZone) ??
    countryCodeFrom(hints.workspaceCountry)
  );
}
