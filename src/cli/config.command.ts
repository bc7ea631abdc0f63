import { parseArgs } from 'node:util';
import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { COMMON_HELP, COMMON_OPTIONS, loadRuntime } from './runtime.js';

const HELP = `Usage: leadwire config <check|schema> [options]

  check    validate the config file; every problem is listed with its path (exit 78 when invalid)
  schema   print the config's JSON Schema (editor completion: leadwire.config.schema.json)

Options:
${COMMON_HELP}`;

export async function configCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, strict: true, allowPositionals: true });
  const [action] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(`${HELP}\n`);
    return action === undefined && !values.help ? 2 : 0;
  }
  if (action === 'schema') {
    const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
    process.stdout.write(`${JSON.stringify({ ...schema, title: 'Leadwire configuration' }, null, 2)}\n`);
    return 0;
  }
  if (action === 'check') {
    const rt = loadRuntime(values); // throws ConfigError listing every issue
    const sources = Object.values(rt.config.sources);
    process.stdout.write(
      `${rt.config.origin.file}: ok — workspace ${rt.config.workspace}, ${sources.length} source(s): ${sources.map((s) => `${s.id}${s.public ? ' (public form)' : ''}`).join(', ')}\n`,
    );
    return 0;
  }
  process.stderr.write(`unknown config action: ${action}\n\n${HELP}\n`);
  return 2;
}
