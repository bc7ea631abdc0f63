/**
 * Parsed JSON columns kept by row id together with the text they came from, for rows read again
 * and again (the identity ledger's candidates). A row read with the same text returns the same
 * object, so whatever callers derive from it and keep by object (in WeakMaps) is reused; a changed
 * text — a merge absorbed new fields — is parsed anew. Past `limit` entries the least recently
 * used go, so memory stays flat however many rows the table holds.
 *
 * The objects are shared between reads: callers read them and never mutate them.
 */
export interface ParsedRowCache<T> {
  get(id: string, text: string): T;
  readonly size: number;
}

export function createParsedRowCache<T>(limit: number, parse: (text: string) => T): ParsedRowCache<T> {
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest use first.
  const entries = new Map<string, { text: string; value: T }>();
  return {
    get(id, text) {
      const hit = entries.get(id);
      entries.delete(id);
      const entry = hit && hit.text === text ? hit : { text, value: parse(text) };
      entries.set(id, entry);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
      return entry.value;
    },
    get size() {
      return entries.size;
    },
  };
}
