import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, resolveConfigPath } from '../config/loader.js';
import { analyzeOneShot } from '../conversation/one-shot.js';
import { analysisText } from './analysis-text.js';

const HELP = `Usage: leadwire analyze <transcript.json> [--json] [--config <file>]

Analyses one chatbot conversation offline — no server, no database. The file is the body of a
one-shot POST /v1/conversations ({channel, externalId, visitor?, messages: [{role, text,
timestamp}], ended?}) and is validated with the API's schema. Prints the CRM note, the next best
action, the extracted fields and the scoring points; with --json, the same \`analysis\` object
GET /v1/conversations/:id returns. "-" reads the body from stdin.

Exit status: 0 analysed, 65 the file is not valid JSON or not a valid body (every problem is
printed with its path), 66 the file cannot be read, 2 usage, 78 invalid config.

Options:
  --json              print the analysis as JSON
  --config <file>     config file (env LEADWIRE_CONFIG): catalogue, competitors, scoring points, optional language model
  -h, --help          this help`;

/** Invalid input data (sysexits EX_DATAERR) and unreadable input (EX_NOINPUT). */
const EX_DATAERR = 65;
const EX_NOINPUT = 66;

export async function analyzeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) return (process.stdout.write(`${HELP}\n`), 0);
  if (positionals.length !== 1) return (process.stderr.write(`${positionals.length === 0 ? 'name the transcript file' : 'one transcript file at a time'}\n\n${HELP}\n`), 2);
  const file = positionals[0]!;
  const config = loadConfig(resolveConfigPath(values.config ?? process.env.LEADWIRE_CONFIG), process.env);

  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return EX_NOINPUT;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`${file}: not valid JSON: ${(error as Error).message}\n`);
    return EX_DATAERR;
  }
  const result = await analyzeOneShot(body, config);
  if (!result.ok) {
    const lines = result.issues.map((i) => `  ${i.path === '' ? '(body)' : i.path}: ${i.message}`);
    process.stderr.write(`${file}: CONVERSATION_INVALID — ${result.issues.length} problem(s):\n${lines.join('\n')}\n`);
    return EX_DATAERR;
  }
  process.stdout.write(values.json ? `${JSON.stringify(result.value, null, 2)}\n` : analysisText(result.value));
  return 0;
}
