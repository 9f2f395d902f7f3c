/**
 * Runs a piece of TypeScript in a fresh Node process from the repository's root (as another
 * server process would be): `args` are its process.argv[1..]; resolves with what it printed.
 */
import { spawn } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

export function runSnippet(code: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (status) => (status === 0 ? resolve(out.trim()) : reject(new Error(`exit ${status}: ${err}`))));
  });
}
