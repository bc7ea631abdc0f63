import Fastify from 'fastify';
import { parseArgs } from 'node:util';
import { CRM_MODULES, mountSandboxes, sandboxPath, type RegisteredKind } from '../connectors/registry.js';
import { UsageError } from './runtime.js';

const HELP = `Usage: leadwire sandbox [--port <n>] [--host <addr>] [--crm <name>]...

Serves the built-in CRM sandboxes on their own: each speaks its vendor's real API (paths, shapes,
status codes, rate limits) at /sandbox/<crm>, with records browsable at /sandbox/<crm>/_sandbox/records
and faults settable at runtime (PUT /sandbox/<crm>/_sandbox/faults). Credentials: token \`sandbox-token\`.

Options:
  --port <n>          listen port (default 4010)
  --host <addr>       listen address (default 127.0.0.1)
  --crm <name>        only this CRM (repeatable; default all: ${Object.keys(CRM_MODULES).join(', ')})
  -h, --help          this help`;

export async function sandboxCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, crm: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const port = Number(values.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
  const kinds = (values.crm ?? Object.keys(CRM_MODULES)) as RegisteredKind[];
  for (const kind of kinds) if (!(kind in CRM_MODULES)) throw new UsageError(`unknown CRM "${kind}"; known: ${Object.keys(CRM_MODULES).join(', ')}`);
  const app = Fastify({ logger: false });
  await mountSandboxes(app, kinds);
  const address = await app.listen({ port, host: values.host ?? '127.0.0.1' });
  process.stderr.write(`${kinds.map((k) => `${k}: ${address}${sandboxPath(k)}`).join('\n')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await app.close();
  return 0;
}
