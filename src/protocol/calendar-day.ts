/** A calendar day written "YYYY-MM-DD" (an audit filter, a holiday): shared by the server and the console. */

/** Whether `s` is a day that exists ("2026-02-30" does not: Date would move it to 2 March). */
export function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
