import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createPipedriveHttp } from '../../src/connectors/pipedrive/client.js';
import { pipedriveAccountSchema, type PipedriveAccount } from '../../src/connectors/pipedrive/config.js';
import { createPipedriveConnector } from '../../src/connectors/pipedrive/connector.js';
import { createPipedriveSandbox, type PipedriveSandboxOptions } from '../../src/connectors/pipedrive/sandbox.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import type { Connector, DealRecord, NoteRecord, PersonRecord, RecordLinks, TaskRecord } from '../../src/connectors/types.js';
import type { ContractSetup } from './contract.case.js';

/**
 * A Pipedrive sandbox listening on 127.0.0.1 (port 0) and connectors pointed at it, in the shape of
 * the shared contract suite's `ContractSetup`; `inspect` reads the sandbox's records directly.
 */

export interface PipedriveHarness {
  connector: Connector;
  kit: SandboxKit;
  baseUrl: string;
  makeConnector(token?: string, overrides?: Partial<PipedriveAccount> & { timeoutMs?: number }): Connector;
  inspect: ContractSetup['inspect'];
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });
type Item = { value: string; primary: boolean };
const primary = (items: unknown): string | null => ((items as Item[] | undefined) ?? []).find((i) => i.primary)?.value ?? (items as Item[] | undefined)?.[0]?.value ?? null;
const idOrNull = (v: unknown): string | null => (typeof v === 'number' ? String(v) : null);

/** `onApp` runs before the sandbox is registered (e.g. hooks that record the traffic). */
export async function startPipedrive(options: PipedriveSandboxOptions = {}, onApp?: (app: FastifyInstance) => void): Promise<PipedriveHarness> {
  const { kit, plugin } = createPipedriveSandbox(options);
  const app = Fastify({ forceCloseConnections: true });
  onApp?.(app);
  await app.register(plugin, { prefix: '/sandbox/pipedrive' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `${address}/sandbox/pipedrive`;

  const makeConnector = (token = 'sandbox-token', overrides: Partial<PipedriveAccount> & { timeoutMs?: number } = {}): Connector => {
    const config = pipedriveAccountSchema.parse({ type: 'pipedrive', baseUrl, token, ...overrides });
    const http = createPipedriveHttp({ account: 'pd-test', config });
    return createPipedriveConnector({ account: 'pd-test', config, http, logger: silent, clock: Date.now });
  };
  const live = (type: string) => kit.all(type).filter((r) => r.data.is_deleted !== true);
  const ofPerson = (personId: string) => (r: { data: Record<string, unknown> }) => r.data.person_id === Number(personId);

  return {
    connector: makeConnector(),
    kit,
    baseUrl,
    makeConnector,
    inspect: {
      persons: async () => live('person').map((r) => ({ id: r.id, email: primary(r.data.emails), phone: primary(r.data.phones), companyId: idOrNull(r.data.org_id) })),
      notesOf: async (personId) => live('note').filter(ofPerson(personId)).map((r) => String(r.data.content)),
      tasksOf: async (personId) => live('activity').filter(ofPerson(personId)).map((r) => ({ subject: String(r.data.subject), ownerId: idOrNull(r.data.owner_id) })),
      dealsOf: async (personId) => live('deal').filter(ofPerson(personId)).map((r) => ({ title: String(r.data.title) })),
    },
    close: () => app.close(),
  };
}

// ── builders ───────────────────────────────────────────────────────────────────────────────────

let seq = 0;
export function aPerson(overrides: Partial<PersonRecord> & { email?: string | null; phone?: string | null } = {}): PersonRecord {
  seq += 1;
  const { email = `lead${seq}@example.com`, phone = null, ...rest } = overrides;
  return { leadId: `lead-${seq}`, keys: { email, phone }, firstName: 'Ann', lastName: 'Lee', ownerId: null, fields: {}, labels: [], companyId: null, ...rest };
}

export const links = (personId: string, more: Partial<RecordLinks> = {}): RecordLinks => ({ personId, companyId: null, dealId: null, ...more });

export function aNote(personId: string, key: string, overrides: Partial<NoteRecord> = {}): NoteRecord {
  return { leadId: 'lead-n', key, body: 'New lead: Ann Lee\nMessage: pricing?', at: Date.UTC(2026, 0, 15, 10, 30), ownerId: null, links: links(personId), ...overrides };
}

export function aTask(personId: string, key: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return { leadId: 'lead-t', key, subject: 'Call back within 1 hour', body: 'Hot chatbot lead', dueAt: Date.UTC(2026, 0, 15, 11, 30), priority: 'high', type: 'call', ownerId: '1', links: links(personId), ...overrides };
}

export function aDeal(personId: string, key: string, overrides: Partial<DealRecord> = {}): DealRecord {
  return { leadId: 'lead-d', key, title: 'Acme – chatbot lead', value: 5000, currency: 'EUR', pipeline: null, stage: null, ownerId: '1', closeDate: '2026-12-31', links: links(personId), fields: {}, ...overrides };
}
