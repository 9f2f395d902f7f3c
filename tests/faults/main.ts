/**
 * `npm run test:faults` (reduced; FAULTS_FULL=1 for the full size): runs the fault run
 * (fault-run.ts), prints its table, and exits 1 unless nothing was lost, nothing duplicated,
 * every tablet converged and enough faults were injected.
 */
import { launchBrowser } from '../e2e/e2e-browser.ts';
import { buildTabletPage } from '../e2e/tablet-page/build-tablet-page.ts';
import { formatReport, runFaults } from './fault-run.ts';
import { faultOptions } from './options.ts';

const o = faultOptions();
const report = await runFaults({
  ...o,
  staticDir: o.browserTablets > 0 ? await buildTabletPage() : undefined,
  launchBrowser: () => launchBrowser(),
  log: (line) => console.log(line),
});
console.log(`\n${formatReport(report)}`);
const ok = report.lost === 0 && report.duplicates === 0 && report.notConverged === 0 && report.ackProblems.length === 0 && report.totalFaults + report.serverKills + report.appRestarts >= o.minFaults;
console.log(ok ? '\nPASS' : `\nFAIL${report.totalFaults + report.serverKills + report.appRestarts < o.minFaults ? ` (too few faults: ${o.minFaults} wanted)` : ''}`);
process.exit(ok ? 0 : 1);
