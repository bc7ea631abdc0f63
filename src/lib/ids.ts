import { randomFillSync } from 'node:crypto';

/**
 * Time-sortable unique ids (ULID layout: 48-bit ms time + 80 random bits, Crockford base32) with a
 * short role prefix, e.g. `ld_01JD…`. Sorting ids sorts by creation time, which cursor pagination
 * relies on; within one millisecond the order is random, which pagination tolerates because ids
 * are unique.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomBytes10(): Uint8Array {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return bytes;
}

export function ulid(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes10();
  let rand = '';
  // 80 bits → 16 base32 chars: take 5 bits at a time.
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      rand += ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return time + rand;
}

export type IdKind = 'ld' | 'ev' | 'jb' | 'dl' | 'al';

export function newId(kind: IdKind, now: number): string {
  return `${kind}_${ulid(now)}`;
}
