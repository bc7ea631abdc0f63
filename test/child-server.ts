import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds first), run as a real child process on a real socket. */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface ChildServer {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logs: string[];
}

export function writeConfig(dir: string, yaml: string): string {
  const file = join(dir, 'leadwire.config.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Starts `leadwire <command>` on port 0 and resolves once it logs the address it listens on. */
export function startChild(command: 'start' | 'api' | 'worker', dir: string, configFile: string, env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [CLI, command, '--port', '0', '--config', configFile, '--data-dir', dir], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logs.push(line);
      if (command === 'worker' && line.includes('"worker started"')) resolve({ url: '', child, exited, logs });
      const match = /"address":"([^"]+)"/.exec(line);
      if (match && line.includes('"api listening"')) resolve({ url: match[1]!, child, exited, logs });
    });
    void exited.then((code) => reject(new Error(`leadwire ${command} exited with ${code} before it was ready:\n${logs.join('\n')}`)));
  });
}
