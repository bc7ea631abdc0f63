import { parseArgs } from 'node:util';
import { buildAccounts } from '../connectors/registry.js';
import { COMMON_HELP, COMMON_OPTIONS, UsageError, loadRuntime } from './runtime.js';

const HELP = `Usage: leadwire crm setup <account|crm> [--sandbox-url <url>] [options]
       leadwire crm check [<account|crm>] [options]

setup   creates the custom fields (and labels, pipelines) the account's field mapping needs;
        idempotent — it reports what it created and what was there already.
check   calls each account's health check with its credential.

Accounts come from \`crm.accounts\` in the config; an account without a credential is the built-in
sandbox, served by a running \`leadwire start\` (or \`leadwire sandbox\`) at --sandbox-url
(default http://<server.host>:<server.port>).

Options:
  --sandbox-url <url> where the sandboxes are served
${COMMON_HELP}`;

export async function crmCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, 'sandbox-url': { type: 'string' } }, allowPositionals: true, strict: true });
  const [action, target] = positionals;
  if (values.help || !action) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  if (action !== 'setup' && action !== 'check') throw new UsageError(`unknown crm action "${action}" (setup, check)`);
  if (action === 'setup' && !target) throw new UsageError('crm setup needs an account id or a CRM name');
  const rt = loadRuntime(values);
  const sandboxBaseUrl = values['sandbox-url'] ?? `http://${rt.config.server.host}:${rt.config.server.port}`;
  const all = buildAccounts(rt.config.crm.accounts, { sandboxBaseUrl, logger: rt.logger, clock: () => rt.clock.now() });
  const chosen = target ? all.filter((a) => a.id === target || a.kind === target) : all;
  if (chosen.length === 0) throw new UsageError(`no CRM account "${target}" in the config (accounts: ${all.map((a) => a.id).join(', ') || 'none'})`);
  let failed = 0;
  for (const account of chosen) {
    const where = account.sandbox ? ' (sandbox)' : '';
    try {
      if (action === 'check') {
        const health = await account.connector.health();
        process.stdout.write(`${account.id} [${account.kind}]${where}: ${health.ok ? 'ok' : 'NOT OK'} ${JSON.stringify(health.detail)}\n`);
        if (!health.ok) failed += 1;
        continue;
      }
      const report = await account.connector.ensureCustomFields();
      process.stdout.write(`${account.id} [${account.kind}]${where}: created ${report.created.length ? report.created.join(', ') : 'nothing'}; already there ${report.existing.length ? report.existing.join(', ') : 'nothing'}${report.missing?.length ? `; MISSING (create in the CRM's setup) ${report.missing.join(', ')}` : ''}\n`);
    } catch (error) {
      failed += 1;
      process.stdout.write(`${account.id} [${account.kind}]${where}: failed — ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}
