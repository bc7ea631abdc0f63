import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The OAuth 2.0 JWT bearer flow's assertion (RFC 7523), RS256 with node:crypto: header
 * `{"alg":"RS256"}`, claims `iss` (the connected app's consumer key), `sub` (the username), `aud`
 * (the login server) and `exp` (Salesforce accepts at most three minutes ahead). The client signs;
 * the sandbox parses and verifies with the app's certificate key.
 */

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** How far ahead `exp` is set: Salesforce's limit is three minutes. */
export const JWT_LIFETIME_SEC = 180;

export interface JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A PEM key as an environment variable often carries `\n` escapes instead of line breaks. */
export function privateKeyFrom(pem: string): KeyObject {
  return createPrivateKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
}

export function publicKeyFrom(pem: string | KeyObject): KeyObject {
  return typeof pem === 'string' ? createPublicKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem) : pem;
}

export function signAssertion(claims: Omit<JwtClaims, 'exp'>, key: KeyObject, nowMs: number): string {
  const unsigned = `${encode({ alg: 'RS256' })}.${encode({ ...claims, exp: Math.floor(nowMs / 1000) + JWT_LIFETIME_SEC })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}

/** The claims of an RS256 assertion whose signature `key` verifies, else null (malformed, other alg, bad signature). */
export function verifyAssertion(assertion: string, key: KeyObject): Partial<JwtClaims> | null {
  const parts = assertion.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    if (alg !== 'RS256' || !verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Partial<JwtClaims>) : null;
  } catch {
    return null;
  }
}
