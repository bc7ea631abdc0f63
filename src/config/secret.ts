import { z } from 'zod';

/**
 * A credential in the config: optional, written as a `${ENV_VAR}` reference (secrets come from the
 * environment), marked `sensitive` / `writeOnly` in the config's JSON Schema, and masked in logs
 * (`REDACTED_PATHS` in observability/logger.ts names these fields).
 */
export function secret(description: string) {
  return z.string().optional().meta({ sensitive: true, writeOnly: true }).describe(`${description} (sensitive: from the environment, masked in logs)`);
}

/** The config fields `secret()` is used for: the logger masks them wherever they appear. */
export const SECRET_FIELDS = ['token', 'clientSecret', 'refreshToken', 'privateKey', 'renderStampSecret', 'accessToken', 'access_token', 'refresh_token', 'client_secret'] as const;
