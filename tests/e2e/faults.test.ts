/**
 * The reduced fault run in CI (`npm run test:faults` runs it alone; FAULTS_FULL=1 is the full
 * size): the real server process killed -9 and restarted, Node tablets and a tablet in real
 * Chromium syncing through the chaos proxy on one shared hotspot link, the teacher returning
 * work meanwhile. Nothing lost, nothing twice, every tablet converged (tests/faults/).
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser } from './e2e-browser.ts';
import { buildTabletPage } from './tablet-page/build-tablet-page.ts';
import { formatReport, runFaults } from '../faults/fault-run.ts';
import { faultOptions } from '../faults/options.ts';

describe('the whole system under faults', () => {
  it('loses nothing, duplicates nothing, and every tablet converges', async () => {
    const o = faultOptions();
    const report = await runFaults({ ...o, staticDir: await buildTabletPage(), launchBrowser: () => launchBrowser() });
    console.log(formatReport(report));
    expect(report.ackProblems).toEqual([]);
    expect(report.lost).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.notConverged).toBe(0);
    expect(report.problems).toEqual([]);
    expect(report.serverKills).toBeGreaterThanOrEqual(1);
    expect(report.totalFaults + report.serverKills + report.appRestarts).toBeGreaterThanOrEqual(o.minFaults);
    expect(report.made.handIns).toBeGreaterThan(0);
    expect(report.made.photos).toBeGreaterThan(0);
    expect(report.made.inChromium).toBeGreaterThan(0);
    expect(report.made.returned).toBeGreaterThan(0);
  }, 300_000);
});
