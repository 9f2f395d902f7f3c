/** Starts the real server (`node --import tsx server/main.ts`) as a child process on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Everything printed so far (stdout + stderr). */
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Waits until the output matches (the lines after "listening" may come in a later chunk). */
  waitForOutput: (re: RegExp, timeoutMs?: number) => Promise<string>;
}

export function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    // DATABASE_URL (given to the PostgreSQL tests) must not turn these SQLite servers into PostgreSQL ones.
    env: { ...process.env, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (https?:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const waitForOutput = async (re: RegExp, ms = 5000) => {
          const until = Date.now() + ms;
          while (!re.test(out)) {
            if (Date.now() > until) throw new Error(`output never matched ${re}:\n${out}`);
            await new Promise((r) => setTimeout(r, 20));
          }
          return out;
        };
        resolve({ url: m[1]!, proc, output: () => out, exited, waitForOutput });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
}
