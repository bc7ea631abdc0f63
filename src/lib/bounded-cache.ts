/**
 * The value for `key` from `cache`, computed and kept on a miss. A full cache (`limit` entries) is
 * emptied before the new entry goes in, so its memory stays flat however many distinct keys pass —
 * the caches of config-derived and recurring values (domains, user agents, template splits, working
 * days) are small and mostly hit, and starting over now and then costs only a few recomputations.
 */
export function cached<K, V>(cache: Map<K, V>, limit: number, key: K, compute: (key: K) => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute(key);
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}
