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

let lastTime = -1;
let lastRandom = '';

/**
 * Monotonic within this process: ids made in the same millisecond (or while the clock steps back)
 * keep the previous time and increment its random part, so a lead's events sort in write order.
 */
export function ulid(now: number): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
    return encodeTime(lastTime) + lastRandom;
  }
  lastTime = now;
  lastRandom = randomPart();
  return encodeTime(now) + lastRandom;
}

function increment(text: string): string {
  const chars = text.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const value = ALPHABET.indexOf(chars[i]!);
    if (value < 31) {
      chars[i] = ALPHABET[value + 1]!;
      return chars.join('');
    }
    chars[i] = ALPHABET[0]!;
  }
  // 80 bits overflowed within one millisecond: practically impossible; start a fresh random run.
  return randomPart();
}

function encodeTime(now: number): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

function randomPart(): string {
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
  return rand;
}

export type IdKind = 'ld' | 'ev' | 'jb' | 'dl' | 'al' | 'ms' | 'ob' | 'cv' | 'cs';

/** The smallest id of `kind` made at or after `ms`: time ranges over ids use the primary key. */
export function idLowerBound(kind: IdKind, ms: number): string {
  return `${kind}_${encodeTime(Math.max(0, Math.floor(ms)))}${'0'.repeat(16)}`;
}

export function newId(kind: IdKind, now: number): string {
  return `${kind}_${ulid(now)}`;
}
