import type { IncomingHttpHeaders } from 'node:http';
import type { Config, Source } from '../config/loader.js';
import type { FormScope } from '../config/schema.js';
import { sha256Hex } from '../lib/hash.js';
import { ApiError } from './errors.js';

/**
 * Who is calling. Keys are looked up by their sha256 (the config never keeps plain keys); a public
 * form source is recognised by its form token and must be posted from one of its origins.
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'source'; source: Source; via: 'key' }
  | { kind: 'source'; source: Source; via: 'form'; origin: string };

export interface Authenticator {
  /** From headers alone; undefined when the request carries no key at all. */
  fromHeaders(headers: IncomingHttpHeaders): Principal | undefined;
  /**
   * A public form or chat widget: the token from the body or X-Form-Token, checked against the
   * Origin header (403 ORIGIN_NOT_ALLOWED), then against the token's scopes (403 FORBIDDEN).
   */
  fromFormToken(token: string, origin: string | undefined, scope: FormScope): Principal;
  /** Every origin some public source allows (for CORS). */
  isPublicOrigin(origin: string): boolean;
}

export function createAuthenticator(config: Pick<Config, 'admin' | 'sources'>): Authenticator {
  const byHash = new Map<string, Principal>();
  for (const hash of config.admin.keyHashes) byHash.set(hash, { kind: 'admin' });
  const byToken = new Map<string, Source>();
  const publicOrigins = new Set<string>();
  for (const source of Object.values(config.sources)) {
    for (const hash of source.keyHashes) byHash.set(hash, { kind: 'source', source, via: 'key' });
    if (source.public) {
      byToken.set(source.public.formToken, source);
      for (const origin of source.public.origins) publicOrigins.add(new URL(origin).origin);
    }
  }

  return {
    fromHeaders(headers) {
      const key = presentedKey(headers);
      if (key === undefined) return undefined;
      const principal = byHash.get(`sha256:${sha256Hex(key)}`);
      if (!principal) throw new ApiError('UNAUTHENTICATED', 'unknown API key');
      return principal;
    },
    fromFormToken(token, origin, scope) {
      const source = byToken.get(token);
      if (!source?.public) throw new ApiError('UNAUTHENTICATED', 'unknown form token');
      const allowed = origin !== undefined && source.public.origins.some((o) => sameOrigin(o, origin));
      if (!allowed) throw new ApiError('ORIGIN_NOT_ALLOWED', `this form may only be posted from ${source.public.origins.join(', ')}`);
      if (!source.public.scopes.includes(scope)) throw new ApiError('FORBIDDEN', `this form token may not be used for ${scope} (its scopes: ${source.public.scopes.join(', ')})`);
      return { kind: 'source', source, via: 'form', origin: origin! };
    },
    isPublicOrigin: (origin) => publicOrigins.has(origin),
  };
}

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'Authorization must be "Bearer <key>"');
    return match[1];
  }
  return undefined;
}

function sameOrigin(allowed: string, origin: string): boolean {
  try {
    return new URL(allowed).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
