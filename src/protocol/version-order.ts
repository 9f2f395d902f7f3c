/**
 * The order of app versions ("1.2.0", "1.0.1-e2e"), for the minimum supported version: the
 * numeric core compares part by part; with equal cores a pre-release ("-e2e", "-rc.1") comes
 * before the release, and pre-releases compare as text. Pure: the server and the tablet share it.
 */

const VERSION = /^(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z.-]{1,40}))?(?:\+[0-9A-Za-z.-]{1,40})?$/;

/** Whether `v` reads as a version (1, 1.2, 1.2.3, with an optional -pre-release and +build). */
export const isVersion = (v: string): boolean => VERSION.test(v);

/** < 0 when `a` is older than `b`, 0 when equal, > 0 when newer. Unreadable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION.exec(a);
  const mb = VERSION.exec(b);
  if (!ma || !mb) return (ma ? 1 : 0) - (mb ? 1 : 0);
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i] ?? 0) - Number(mb[i] ?? 0);
    if (d !== 0) return d;
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return pa < pb ? -1 : 1;
}
