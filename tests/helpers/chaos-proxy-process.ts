/**
 * The chaos proxy (chaos-proxy.ts) in a process of its own, for benches whose own process is
 * busy (15 tablets on fake-indexeddb): the link's scheduler then runs on time, and a busy
 * bench cannot make the link idle. `startProxyProcess()` gives its URL and reads its byte counts.
 * Run as a script: node --import tsx tests/helpers/chaos-proxy-process.ts <target> <shape JSON>
 * (prints its URL; answers each line on stdin: "bytes" with the link's counts as JSON,
 * "close-all" by closing every open connection, then "ok").
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LinkShape } from './shared-link.ts';

export interface ProxyProcess {
  url: string;
  bytes(): Promise<{ up: number; down: number }>;
  /** Closes every open connection (the next request makes a new one). */
  closeAll(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxyProcess(target: string, shape: LinkShape): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), target, JSON.stringify(shape)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const url = await next();
  return {
    url,
    async bytes() {
      const answer = next();
      child.stdin!.write('bytes\n');
      return JSON.parse(await answer) as { up: number; down: number };
    },
    async closeAll() {
      const answer = next();
      child.stdin!.write('close-all\n');
      await answer;
    },
    close: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startChaosProxy } = await import('./chaos-proxy.ts');
  const proxy = await startChaosProxy(process.argv[2]!, { shape: JSON.parse(process.argv[3]!) as LinkShape });
  console.log(proxy.url);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'close-all') {
      proxy.closeAll();
      console.log('ok');
    } else console.log(JSON.stringify(proxy.link!.bytes));
  });
  process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
