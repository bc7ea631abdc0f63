import { z } from 'zod';
import { STAGES } from '../domain/types.js';
import { qualityConfigSchema, qualitySourceOverrideSchema } from '../domain/quality/index.js';
import { routingConfigSchema } from '../domain/routing/index.js';
import { scoringConfigSchema } from '../domain/scoring/index.js';
import { followupConfigSchema } from '../domain/followup/index.js';
import { alertsConfigSchema } from '../domain/alerts/alerts.js';
import { crmAccountSchema } from '../connectors/registry.js';
import { conversationsConfigSchema } from '../conversation/config.schema.js';

/** What a public form token may be used for. */
export const FORM_SCOPES = ['leads', 'conversations'] as const;
export type FormScope = (typeof FORM_SCOPES)[number];

/**
 * The config file's shape. Every section has defaults, so an empty file is a valid (if useless)
 * config. Secrets never live here as plain text after loading: API keys are hashed by the loader.
 */

const rate = z
  .object({
    points: z.number().int().positive().describe('requests allowed per window'),
    windowSeconds: z.number().int().positive().describe('window length in seconds'),
  })
  .strict();

const plainKeys = z
  .array(z.string().min(8, 'an API key needs at least 8 characters'))
  .default([])
  .describe('plain API keys, normally `${ENV_VAR}` references; hashed at load and never kept');
const hashedKeys = z
  .array(z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex chars>'))
  .default([])
  .describe('API keys stored as sha256 hashes of the key');

const sourceSchema = z
  .object({
    description: z.string().optional(),
    keys: plainKeys,
    keyHashes: hashedKeys,
    public: z
      .object({
        origins: z.array(z.url()).min(1).describe('page origins allowed to post this public form'),
        formToken: z.string().min(8).describe('token embedded in the form; identifies the source, not a secret'),
        scopes: z
          .array(z.enum(FORM_SCOPES))
          .min(1)
          .default(['leads'])
          .describe('what the token may do: `leads` (POST /v1/leads), `conversations` (a chat widget opening, writing and ending conversations)'),
      })
      .strict()
      .optional(),
    rateLimit: z
      .object({ perKey: rate.optional(), perIp: rate.optional() })
      .strict()
      .default({}),
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. PL').optional(),
    quality: qualitySourceOverrideSchema.optional().describe('per-source lead-quality overrides (missing-data policy)'),
  })
  .strict()
  .refine((s) => s.keys.length + s.keyHashes.length > 0 || s.public !== undefined, {
    message: 'a source needs API keys, key hashes or a public form origin',
  });

const stageAttempts = z.object(Object.fromEntries(STAGES.map((s) => [s, z.number().int().min(1).max(100).optional()]))).strict();

export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    workspace: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).default('default'),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        bodyLimitBytes: z.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
        trustProxy: z.boolean().default(false),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 64 * 1024, trustProxy: false }),
    intake: z
      .object({
        dedupWindowSeconds: z.number().int().min(0).default(600),
        idempotencyTtlSeconds: z.number().int().min(60).default(24 * 3600),
        customMaxKeys: z.number().int().min(0).max(500).default(50),
        customMaxValueChars: z.number().int().min(16).max(100_000).default(2000),
        renderStampSecret: z
          .string()
          .min(16)
          .optional()
          .meta({ sensitive: true, writeOnly: true })
          .describe('signs the render timestamp our forms embed (field `_rendered`), normally `${ENV_VAR}`; without it no form timing is checked (sensitive: from the environment, masked in logs)'),
      })
      .strict()
      .default({ dedupWindowSeconds: 600, idempotencyTtlSeconds: 86400, customMaxKeys: 50, customMaxValueChars: 2000 }),
    admin: z
      .object({
        keys: plainKeys,
        keyHashes: hashedKeys,
      })
      .strict()
      .default({ keys: [], keyHashes: [] }),
    sources: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'source ids are lower-case slugs'), sourceSchema).default({}),
    worker: z
      .object({
        concurrency: z.number().int().min(1).max(256).default(32),
        leaseMs: z.number().int().min(1000).default(30_000),
        pollIntervalMs: z.number().int().min(10).default(250),
        shutdownDeadlineMs: z.number().int().min(0).default(10_000),
      })
      .strict()
      .default({ concurrency: 32, leaseMs: 30_000, pollIntervalMs: 250, shutdownDeadlineMs: 10_000 }),
    retry: z
      .object({
        baseDelayMs: z.number().int().min(1).default(1000),
        maxDelayMs: z.number().int().min(1).default(5 * 60_000),
        maxAttempts: z.number().int().min(1).max(100).default(5),
        maxAttemptsByStage: stageAttempts.default({}),
      })
      .strict()
      .default({ baseDelayMs: 1000, maxDelayMs: 300_000, maxAttempts: 5, maxAttemptsByStage: {} }),
    quality: qualityConfigSchema.prefault({}).describe('validation, normalization, spam screening, dedup and consent'),
    scoring: scoringConfigSchema.prefault({}).describe('versioned rule set: fit, intent, behaviour, data quality → score and segment'),
    routing: routingConfigSchema.prefault({}).describe('owners, teams, ordered rules and strategies; no match → triage'),
    followup: followupConfigSchema.prefault({}).describe('follow-up plans per segment and source, SLAs, quiet hours, templates (EN, PL)'),
    notify: z
      .object({
        email: z
          .object({
            from: z.string().min(3).default('Leadwire <leads@localhost>'),
            smtp: z
              .object({
                host: z.string().min(1),
                port: z.number().int().min(1).max(65535).default(587),
                secure: z.boolean().default(false).describe('TLS from the start (port 465); otherwise STARTTLS when offered'),
                user: z.string().optional(),
                pass: z.string().optional().describe('normally `${SMTP_PASSWORD}`'),
              })
              .strict()
              .optional()
              .describe('a real SMTP server; without it mail goes to the local capture server and GET /v1/outbox'),
            capture: z
              .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(0) })
              .strict()
              .prefault({})
              .describe('the local SMTP capture server used when no `smtp` is configured (port 0, the default: any free port)'),
          })
          .strict()
          .prefault({}),
        slack: z
          .object({ webhookUrl: z.url().describe('an incoming-webhook URL, normally `${SLACK_WEBHOOK_URL}`'), timeoutMs: z.number().int().min(100).default(5000) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    alerts: alertsConfigSchema
      .extend({ emailTo: z.array(z.email()).default([]).describe('who gets alert emails (Slack gets them too when configured)') })
      .prefault({})
      .describe('alert rules with state: volume drops, integration failures, dead letters, SLA breaches, routing fallbacks, credentials'),
    crm: z
      .object({
        accounts: z
          .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'account ids are lower-case slugs'), crmAccountSchema)
          .default({})
          .describe('CRM accounts by id; each has its own sync queue, rate budget and field mapping; no credential = the built-in sandbox'),
        authProbeSeconds: z.number().min(0.05).max(3600).default(30).describe('how often a paused account (credential rejected) is tried again'),
      })
      .strict()
      .prefault({}),
    conversations: conversationsConfigSchema
      .prefault({})
      .describe('chatbot conversations: extraction catalogue and thresholds, inactivity timeout, optional language model'),
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type SourceConfig = ParsedConfig['sources'][string];
