#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/loader.js';
import { analyzeCommand } from './analyze.command.js';
import { configCommand } from './config.command.js';
import { crmCommand } from './crm.command.js';
import { dlqCommand } from './dlq.command.js';
import { sandboxCommand } from './sandbox.command.js';
import { migrateCommand } from './migrate.command.js';
import { COMMON_HELP, COMMON_OPTIONS, UsageError, loadRuntime } from './runtime.js';
import { serve } from './serve.js';

const USAGE = `leadwire — web forms and chats into clean, scored, routed CRM records

Usage: leadwire <command> [options]

Commands:
  start          API + pipeline worker in one process (what \`npm start\` runs)
  api            the HTTP API only (run many behind a load balancer)
  worker         the pipeline worker only
  migrate        apply pending database migrations
  dlq            list or replay dead letters
  config         check the config, or print its JSON Schema
  crm            set up a CRM account's custom fields, or check its credential
  sandbox        serve the built-in CRM sandboxes on their own
  analyze        analyse a chatbot transcript offline (no server, no database)

Run \`leadwire <command> --help\` for a command's options.`;

const SERVE_OPTIONS = { ...COMMON_OPTIONS, port: { type: 'string' }, host: { type: 'string' } } as const;
const serveHelp = (command: string, what: string) => `Usage: leadwire ${command} [options]

${what}

Options:
  --port <n>          listen port (env PORT; default from config, 3000)
  --host <addr>       listen address (env HOST; default from config, 127.0.0.1)
${COMMON_HELP}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
    case 'api':
    case 'worker': {
      const { values } = parseArgs({ args: rest, options: SERVE_OPTIONS, strict: true });
      if (values.help) return help(serveHelp(command, {
        start: 'Runs the API and the pipeline worker in one process, on the embedded SQLite database.',
        api: 'Runs the HTTP API only; pair it with `leadwire worker` processes on the same database.',
        worker: 'Runs the pipeline worker only: claims due jobs and runs their stages.',
      }[command]));
      const rt = loadRuntime(values);
      const portText = values.port ?? process.env.PORT;
      const port = portText === undefined ? undefined : Number(portText);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, got ${portText}`);
      await serve(rt, { api: command !== 'worker', worker: command !== 'api', port, host: values.host ?? process.env.HOST });
      return 0;
    }
    case 'migrate':
      return migrateCommand(rest);
    case 'dlq':
      return dlqCommand(rest);
    case 'crm':
      return crmCommand(rest);
    case 'sandbox':
      return sandboxCommand(rest);
    case 'config':
      return configCommand(rest);
    case 'analyze':
      return analyzeCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return help(USAGE);
    default:
      process.stderr.write(`unknown command: ${command}\n\n${USAGE}\n`);
      return 2;
  }
}

function help(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${(error as Error).message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = error instanceof ConfigError ? 78 : 1;
  },
);
