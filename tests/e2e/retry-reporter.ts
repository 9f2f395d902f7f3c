/**
 * The e2e suite retries a failed test once (vitest.e2e.config.ts): real Chromium on a loaded
 * two-core CI machine has its bad seconds, and one such second used to throw away a whole
 * session's work. A test that passes only on its retry is not hidden: this reporter writes
 * each one, with the error of its failed attempt, to `.tmp/vitest-e2e-retried.json`, and
 * `npm test` prints them at the end, next to the tally ("passed on retry").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

export const RETRIED_REPORT = '.tmp/vitest-e2e-retried.json';

/** One test that needed its retry: where, which, and why its first attempt failed. */
export interface RetriedTest {
  file: string;
  name: string;
  retries: number;
  passed: boolean;
  firstError: string;
}

export default class RetryReporter implements Reporter {
  private readonly retried: RetriedTest[] = [];

  onTestCaseResult(test: TestCase): void {
    const retries = test.diagnostic()?.retryCount ?? 0;
    if (retries === 0) return;
    const result = test.result();
    this.retried.push({
      file: relative(process.cwd(), test.module.moduleId),
      name: test.fullName,
      retries,
      passed: result.state === 'passed',
      firstError: (result.errors?.[0]?.message ?? '').split('\n')[0]!.slice(0, 300),
    });
  }

  onTestRunEnd(): void {
    mkdirSync('.tmp', { recursive: true });
    writeFileSync(RETRIED_REPORT, JSON.stringify(this.retried, null, 2));
  }
}
