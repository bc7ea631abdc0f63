import type { RoutingConfig } from '../domain/routing/index.js';
import type { Lead } from '../domain/types.js';
import { AuthExpiredError, toStageError, type AnyStageError } from '../pipeline/errors.js';
import type { WorkerLog } from '../pipeline/worker.js';
import type { ClaimedJob, CrmRecordRef, CrmRecordStore, JobQueue, StepOutcome } from '../storage/ports.js';
import type { AccountBase, ContactThreshold, MappingEntry } from './config.js';
import { knownPersonId, planSync, qualifiesForDeal, syncBlocked, withLinks, type CampaignChoice, type SyncPlan } from './sync-plan.js';
import type { Connector, CrmKind, DealRecord, ItemOutcome, NoteRecord, RecordLinks, TaskRecord, TicketRecord, WriteOptions } from './types.js';

/**
 * Runs `sync` jobs: each job writes one lead to one CRM account. Jobs of an account arrive one at a
 * time (realtime) or as a batch; either way the same calls are made, one list per object: companies,
 * persons, deals, notes, tasks, tickets — each id saved to the ledger as soon as the CRM answers, so a re-run
 * only writes what is missing. An item's failure fails its job alone; a failure of the whole call
 * fails the jobs still in it. An expired credential pauses the account: no more of its jobs are
 * claimed until a health probe succeeds, then they are made due again.
 */

export interface CrmAccount {
  id: string;
  kind: CrmKind;
  /** `contact`: the Contact threshold of CRMs with Leads and Contacts (Salesforce, Zoho). */
  config: AccountBase & { contact?: ContactThreshold; campaign?: CampaignChoice | undefined };
  connector: Connector;
  mapping: readonly MappingEntry[];
  /** True when the account writes to the built-in sandbox. */
  sandbox: boolean;
}

export type SyncOutcome = Omit<StepOutcome, 'durationMs'> | AnyStageError;

/** What the worker asks of sync: which claims to make, and to run what it claimed. */
export interface SyncDriver {
  claims(): Array<{ account: string; prefix: string; free: number; batchSize: number }>;
  runBatch(account: string, jobs: ClaimedJob[], signal: AbortSignal): Promise<SyncOutcome[]>;
  stop(): void;
}

export const syncKeyPrefix = (account: string): string => `sync:${account}:`;
export const syncJobKey = (account: string, leadId: string): string => `${syncKeyPrefix(account)}${leadId}`;

export interface SyncDriverDeps {
  accounts: CrmAccount[];
  store: CrmRecordStore & Pick<JobQueue, 'wakeJobs'>;
  routing: Pick<RoutingConfig, 'owners'>;
  clock: () => number;
  log: WorkerLog;
  /** How often a paused account's credential is tried again. */
  probeMs?: number;
  /** Told when an account pauses or resumes (alerts). */
  onAuth?: (account: string, state: 'paused' | 'resumed') => void;
}

export function createSyncDriver(deps: SyncDriverDeps): SyncDriver {
  const accounts = new Map(deps.accounts.filter((a) => a.config.enabled).map((a) => [a.id, a]));
  const inflight = new Map<string, number>();
  const paused = new Map<string, NodeJS.Timeout>();
  const probeMs = deps.probeMs ?? 30_000;
  const prepared = new Map<string, Promise<unknown>>();
  const companies = new Map<string, Map<string, string>>();
  /** Company key (domain, else name) → CRM id, per account; bounded, oldest dropped first. */
  function companyCache(account: string): Map<string, string> {
    let cache = companies.get(account);
    if (!cache) companies.set(account, (cache = new Map()));
    while (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    return cache;
  }

  /**
   * A sandbox account creates its custom fields before its first write (a real account's are
   * created once by `leadwire crm setup`, by someone allowed to change the CRM's schema).
   */
  function prepare(account: CrmAccount): Promise<unknown> {
    if (!account.sandbox) return Promise.resolve();
    let ready = prepared.get(account.id);
    if (!ready) {
      ready = account.connector.ensureCustomFields().then((report) => deps.log.info({ account: account.id, created: report.created.length }, 'sandbox account set up'));
      ready.catch(() => prepared.delete(account.id));
      prepared.set(account.id, ready);
    }
    return ready;
  }

  function pause(account: CrmAccount): void {
    if (paused.has(account.id)) return;
    deps.log.warn({ account: account.id }, 'CRM credential rejected; account paused until it works again');
    deps.onAuth?.(account.id, 'paused');
    // One probe at a time: a probe can wait longer than the interval (a refresh waiting for the
    // vendor's refresh-rate limit), and overlapping probes would queue up on the account's budget.
    let probing = false;
    const timer = setInterval(() => {
      if (probing) return;
      probing = true;
      void probe(account).finally(() => (probing = false));
    }, probeMs);
    timer.unref();
    paused.set(account.id, timer);
  }

  async function probe(account: CrmAccount): Promise<void> {
    try {
      if (!(await account.connector.health()).ok) return;
    } catch {
      return;
    }
    const timer = paused.get(account.id);
    if (!timer) return;
    clearInterval(timer);
    paused.delete(account.id);
    const woken = await deps.store.wakeJobs(syncKeyPrefix(account.id));
    deps.log.info({ account: account.id, jobs: woken }, 'CRM credential works again; account resumed');
    deps.onAuth?.(account.id, 'resumed');
  }

  return {
    claims() {
      return [...accounts.values()]
        .filter((a) => !paused.has(a.id))
        .map((a) => ({
          account: a.id,
          prefix: syncKeyPrefix(a.id),
          free: a.config.concurrency - (inflight.get(a.id) ?? 0),
          batchSize: a.config.mode === 'realtime' ? 1 : a.config.batch.size,
        }));
    },
    async runBatch(accountId, jobs, signal) {
      const account = accounts.get(accountId);
      if (!account) return jobs.map(() => toStageError(new Error(`CRM account ${accountId} is not configured`)));
      inflight.set(accountId, (inflight.get(accountId) ?? 0) + 1);
      try {
        // A setup refused for the credential pauses the account like a write refused for it: the
        // jobs give their attempt back, and without the pause they would be claimed again at once.
        const outcomes = await prepare(account).then(
          () => syncLeads(account, jobs, signal),
          (error: unknown) => jobs.map(() => toStageError(error)),
        );
        if (outcomes.some((o) => o instanceof AuthExpiredError)) pause(account);
        return outcomes;
      } finally {
        inflight.set(accountId, (inflight.get(accountId) ?? 1) - 1);
      }
    },
    stop() {
      for (const timer of paused.values()) clearInterval(timer);
      paused.clear();
    },
  };

  async function syncLeads(account: CrmAccount, jobs: ClaimedJob[], signal: AbortSignal): Promise<SyncOutcome[]> {
    const now = deps.clock();
    const outcomes: Array<SyncOutcome | undefined> = jobs.map(() => undefined);
    const known = await deps.store.crmRecords(account.id, jobs.map((j) => j.leadId));
    const active: Array<{ index: number; job: ClaimedJob; plan: SyncPlan; ids: Record<string, string>; created: string[]; ranBefore: boolean }> = [];
    jobs.forEach((job, index) => {
      const blocked = syncBlocked(job.lead);
      if (blocked) {
        outcomes[index] = { status: 'sync-skipped', detail: { account: account.id, crm: account.kind, reason: blocked } };
        return;
      }
      const ids = { ...(known.get(job.leadId) ?? {}) };
      const submissionId = (job.payload as { submissionId?: string } | null)?.submissionId ?? job.leadId;
      const plan = planSync(job.lead, submissionId, {
        account: account.id,
        config: account.config,
        contacts: account.connector.capabilities.contacts === true,
        mapping: account.mapping,
        ownerCrmId: (owner) => (owner ? (deps.routing.owners[owner]?.crmIds[account.id] ?? null) : null),
        known: ids,
        labels: [],
        pipeline: null,
        stage: null,
        now,
      });
      // A person already in this CRM's ledger means an earlier run got this far: its creates may have
      // landed even when the attempt was given back (an auth pause does not count one).
      active.push({ index, job, plan, ids, created: [], ranBefore: job.attempts > 1 || ids.person !== undefined });
    });

    const fail = (entry: (typeof active)[number], error: AnyStageError) => {
      outcomes[entry.index] = error;
    };
    const live = () => active.filter((a) => outcomes[a.index] === undefined);
    const links = (a: (typeof active)[number]): RecordLinks => ({ personId: a.ids.person!, personRole: a.plan.person.role ?? 'lead', companyId: a.ids.company ?? null, dealId: a.ids.deal ?? null });

    /** One call for a list of items; results saved to the ledger under `objectType(item)` (one or more types). */
    async function step<T>(
      pick: (a: (typeof active)[number]) => T | null,
      objectType: (item: T, a: (typeof active)[number]) => string | string[],
      call: (items: T[], entries: Array<(typeof active)[number]>) => Promise<ItemOutcome[]>,
    ): Promise<void> {
      const entries = live().filter((a) => pick(a) !== null);
      if (entries.length === 0 || signal.aborted) return;
      const items = entries.map((a) => pick(a)!);
      let results: ItemOutcome[];
      try {
        results = await call(items, entries);
      } catch (error) {
        for (const a of entries) fail(a, toStageError(error));
        return;
      }
      const saved: CrmRecordRef[] = [];
      results.forEach((result, i) => {
        const a = entries[i]!;
        if (!result.ok) return fail(a, result.error);
        // An empty id: nothing to write this time (a campaign the CRM does not have yet).
        if (result.id === '') return;
        for (const type of [objectType(items[i]!, a)].flat()) {
          a.ids[type] = result.id;
          if (result.created) a.created.push(type);
          saved.push({ leadId: a.job.leadId, objectType: type, recordId: result.id });
        }
      });
      await deps.store.saveCrmRecords(account.id, saved);
    }

    const c = account.connector;
    /**
     * Creates that may have happened in an earlier run (a retry, or a person this CRM already has —
     * a re-sync or a run cut short) are sent apart with `reconcile`: the connector looks for them
     * first. A lead new to this CRM goes straight to the create.
     */
    function createSplit<T>(create: (items: T[], options: WriteOptions) => Promise<ItemOutcome[]>) {
      return async (items: T[], entries: Array<(typeof active)[number]>): Promise<ItemOutcome[]> => {
        const again = entries.map((a) => a.ranBefore);
        const fresh = items.filter((_, i) => !again[i]);
        const retried = items.filter((_, i) => again[i]);
        const [first, second] = [fresh.length > 0 ? await create(fresh, { reconcile: false }) : [], retried.length > 0 ? await create(retried, { reconcile: true }) : []];
        let f = 0;
        let r = 0;
        return again.map((isAgain) => (isAgain ? second[r++]! : first[f++]!));
      };
    }
    if (c.capabilities.companies && account.config.company) await linkCompanies();
    await step(
      (a) => ({ ...a.plan.person, companyId: a.ids.company ?? null }),
      (person) => (person.role === 'contact' ? ['person', 'contact'] : 'person'),
      (items, entries) => c.upsertPersons(items, entries.map((a, i) => knownPersonId(items[i]!, a.ids))),
    );
    if (c.capabilities.deals) {
      await step((a) => (a.plan.deal ? withLinks(a.plan.deal, links(a)) : null), () => 'deal', createSplit((items: DealRecord[], options) => c.createDeals(items, options)));
    }
    if (c.capabilities.notes) {
      await step((a) => (a.plan.note ? withLinks(a.plan.note, links(a)) : null), (note) => note.key, createSplit((items: NoteRecord[], options) => c.addNotes(items, options)));
    }
    if (c.capabilities.tasks) {
      // One list per round: a lead with two due tasks sends its second in the next round.
      for (let round = 0; round < 4; round += 1) {
        const pending = live().some((a) => a.plan.tasks.some((t) => a.ids[t.key] === undefined));
        if (!pending) break;
        await step(
          (a) => {
            const task = a.plan.tasks.find((t) => a.ids[t.key] === undefined);
            return task ? withLinks(task, links(a)) : null;
          },
          (task) => task.key,
          createSplit((items: TaskRecord[], options) => c.createTasks(items, options)),
        );
      }
    }

    // A CRM without tickets gets a support request as a high-priority task, under the same ledger key.
    const createTickets = c.capabilities.tickets && c.createTickets ? c.createTickets.bind(c) : c.capabilities.tasks ? (tickets: TicketRecord[], options: WriteOptions) => c.createTasks(tickets.map(ticketAsTask(now)), options) : null;
    if (createTickets) {
      await step((a) => (a.plan.ticket ? withLinks(a.plan.ticket, links(a)) : null), (ticket) => ticket.key, createSplit(createTickets));
    }

    if (c.capabilities.campaigns && c.addCampaignMembers) {
      const add = c.addCampaignMembers.bind(c);
      await step((a) => (a.plan.campaign ? withLinks(a.plan.campaign, links(a)) : null), (member) => member.key, createSplit(add));
    }

    /**
     * Companies repeat across leads: one already in this lead's ledger, or met by this process
     * before (same domain, else same name), is linked without a call; the rest are upserted once
     * per company, however many leads of the batch work there.
     */
    async function linkCompanies(): Promise<void> {
      const cache = companyCache(account.id);
      const saved: CrmRecordRef[] = [];
      const groups = new Map<string, Array<(typeof active)[number]>>();
      for (const a of live()) {
        const company = a.plan.company;
        if (!company || a.ids.company !== undefined) continue;
        const key = company.domain ?? `name:${company.name.trim().toLowerCase()}`;
        const cached = cache.get(key);
        if (cached !== undefined) {
          a.ids.company = cached;
          saved.push({ leadId: a.job.leadId, objectType: 'company', recordId: cached });
          continue;
        }
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
      const keys = [...groups.keys()];
      if (keys.length > 0 && !signal.aborted) {
        let results: ItemOutcome[];
        try {
          results = await c.upsertCompanies(keys.map((k) => groups.get(k)![0]!.plan.company!), keys.map(() => null));
        } catch (error) {
          results = keys.map(() => ({ ok: false as const, error: toStageError(error) }));
        }
        results.forEach((result, i) => {
          for (const a of groups.get(keys[i]!)!) {
            if (!result.ok) {
              fail(a, result.error);
              continue;
            }
            a.ids.company = result.id;
            if (result.created) a.created.push('company');
            saved.push({ leadId: a.job.leadId, objectType: 'company', recordId: result.id });
          }
          if (result.ok) cache.set(keys[i]!, result.id);
        });
      }
      await deps.store.saveCrmRecords(account.id, saved);
    }

    for (const a of active) {
      if (outcomes[a.index] !== undefined) continue;
      outcomes[a.index] = {
        status: 'synced',
        detail: { account: account.id, crm: account.kind, ids: a.ids, created: a.created, mode: account.config.mode, batch: jobs.length, ...(account.sandbox ? { sandbox: true } : {}) },
      };
    }
    return outcomes.map((o) => o ?? toStageError(new Error('sync did not reach this lead (shutting down)')));
  }
}

/** A ticket as the high-priority to-do a CRM without tickets gets, due within the hour. */
export function ticketAsTask(now: number): (ticket: TicketRecord) => TaskRecord {
  return (ticket) => ({ leadId: ticket.leadId, key: ticket.key, subject: ticket.subject, body: ticket.description, dueAt: now + 3_600_000, priority: 'high', type: 'todo', ownerId: ticket.ownerId, links: ticket.links });
}

/** The enabled accounts, and which of them batch this lead (`auto`: all but hot / high-intent leads). */
export function syncTargets(accounts: readonly CrmAccount[], lead: Lead): Array<{ account: CrmAccount; batched: boolean }> {
  return accounts
    .filter((a) => a.config.enabled)
    .map((account) => ({ account, batched: account.config.mode === 'batch' || (account.config.mode === 'auto' && !qualifiesForDeal(lead, account.config)) }));
}
