/**
 * What every bench prints beside its figures: the machine (cores, load average at the start
 * and at the end: figures taken on a busy machine are slower, and the reader must see it),
 * medians, and a plain table.
 */
import { cpus, loadavg } from 'node:os';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;

const fmtLoad = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The machine line: cores and load average now (1, 5, 15 min). */
export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), load average ${fmtLoad()}`;
}

/** Remembers the load at the start; `end()` gives the line to print with the results. */
export function loadWatch() {
  const start = fmtLoad();
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 5000);
  timer.unref();
  return {
    end(): string {
      clearInterval(timer);
      const during = samples.length ? `, 1-min load during the run median ${median(samples).toFixed(2)} (max ${Math.max(...samples).toFixed(2)})` : '';
      return `load average at start ${start}, at end ${fmtLoad()}${during}; ${cpus().length} cores`;
    },
  };
}

/** A Markdown table (what the docs quote). */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const right = header.map((_, i) => cells.every((r) => /^[-+]?[\d.,]+( ?(ms|KB|MB|×|%|s|\/s))?$|^—$/.test(r[i] ?? '')));
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`,
    ...cells.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** `SHORT=1`: a quick run to check the tooling (fewer runs, smaller sizes); the figures are not for quoting. */
export const SHORT = process.env.SHORT === '1';
