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
  { name: 'e2e tests', retried: '.tmp/vitest-e2e-retried.json', ...vitest('.tmp/vitest-e2e.json', ['-c', 'vitest.e2e.config.ts', '--reporter=./tests/e2e/retry-reporter.ts']) },
];

/**
 * Names every failed test (and its first error line) after the step, and again at the very end:
 * CI keeps only the tail of a long log, and a red run must say which test it was.
 */
const failures = [];
function listFailures(step, report) {
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    // A file that failed to load (syntax error, hook timeout) has no failed assertion of its own.
    if (failedTests.length === 0 && file.status === 'failed') failures.push(`${step}: ${file.name}: ${firstLine(file.message)}`);
    for (const t of failedTests) failures.push(`${step}: ${file.name.replace(process.cwd() + '/', '')} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
  }
}
const firstLine = (text) => String(text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
/** Tests that passed only when retried (see tests/e2e/retry-reporter.ts): counted as passed, named. */
const flaky = [];
function listRetried(step, retried) {
  for (const t of retried) if (t.passed) flaky.push(`${step}: ${t.file} > ${t.name} (first attempt: ${t.firstError})`);
}
function printFailures() {
  if (flaky.length > 0) {
    console.log(`\nPassed on retry (${flaky.length}):`);
    for (const f of flaky) console.log(`  ~ ${f}`);
  }
  if (failures.length === 0) return;
  console.log(`\nFailed tests (${failures.length}):`);
  for (const f of failures) console.log(`  ✗ ${f}`);
}

let passed = 0;
let failed = 0;
for (const { name, cmd: [cmd, ...args], report, retried } of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  if (report) rmSync(report, { force: true });
  if (retried) rmSync(retried, { force: true });
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (report && existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    listFailures(name, j);
  }
  if (retried && existsSync(retried)) listRetried(name, JSON.parse(readFileSync(retried, 'utf8')));
  console.log(`◀ ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    // A failing typecheck or lint counts as a failure too, even though it runs no test.
    printFailures();
    console.log(`\n${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(r.status ?? 1);
  }
}
printFailures();
console.log(`\n${passed} passed, ${failed} failed`);
