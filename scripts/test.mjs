// `npm test`: the whole suite, as CI runs it. Ensures Chromium, then typecheck, lint,
// unit tests (fake-indexeddb, in-process server) and end-to-end tests (real Chromium),
// and ends with one plain line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

// Which Node runs the suite: Vitest's forks and the servers the tests spawn inherit it.
console.log(`Node ${process.version} (${process.execPath})`);
ensureChromium();
mkdirSync('.tmp', { recursive: true });

/** A Vitest run that also writes its JSON report, so the totals can be summed. */
const vitest = (report, extra) => ({ report, cmd: ['npx', 'vitest', 'run', ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`] });
const steps = [
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'unit tests', ...vitest('.tmp/vitest-unit.json', []) },
  { name: 'e2e tests', ...vitest('.tmp/vitest-e2e.json', ['-c', 'vitest.e2e.config.ts']) },
];

let passed = 0;
let failed = 0;
for (const { name, cmd: [cmd, ...args], report } of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  if (report) rmSync(report, { force: true });
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (report && existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
  }
  console.log(`◀ ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    // A failing typecheck or lint counts as a failure too, even though it runs no test.
    console.log(`\n${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
