/**
 * School time: a French collège lives in Europe/Paris, whatever the time zone of the browser
 * the teacher uses (a mini-PC set to UTC, a laptop back from holiday). A scheduled publication
 * is typed and shown in Paris time and travels as a UTC instant. No library: Intl knows the
 * zone's rules (summer time included). Pure: tests/unit/console/paris-time.test.ts.
 */
import type { ConsoleLang } from './console-i18n.ts';

export const SCHOOL_TIME_ZONE = 'Europe/Paris';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** The Paris wall-clock fields of an instant. */
function parisParts(ms: number) {
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** How far Paris is ahead of UTC at this instant, in ms (1 h in winter, 2 h in summer). */
function parisOffset(ms: number): number {
  const p = parisParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A `datetime-local` value read as Paris time (« 2026-12-08T08:00 ») → ISO instant, or null
 * when empty or unreadable. A time that does not exist (the spring-forward hour) moves forward.
 */
export function parisInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Guess with the offset at the wall time, then correct once with the offset at the guess (DST edges).
  let utc = wall - parisOffset(wall);
  utc = wall - parisOffset(utc);
  return new Date(utc).toISOString();
}

/** ISO instant → the `datetime-local` value of its Paris time ('' for null). */
export function isoToParisInput(iso: string | null): string {
  if (!iso) return '';
  const p = parisParts(Date.parse(iso));
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * When, as a teacher says it, in Paris time: « mardi 8 décembre à 8 h 00 » (the year only when
 * it is not this year's: « lundi 4 janvier 2027 à 8 h 00 »); English « Tuesday 8 December at 08:00 ».
 */
export function formatParisWhen(iso: string, lang: ConsoleLang, now = new Date()): string {
  const ms = Date.parse(iso);
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  const otherYear = parisParts(ms).year !== parisParts(now.getTime()).year;
  const date = new Intl.DateTimeFormat(locale, { timeZone: SCHOOL_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', ...(otherYear ? { year: 'numeric' } : {}) }).format(ms);
  const p = parisParts(ms);
  return lang === 'en' ? `${date} at ${pad(p.hour)}:${pad(p.minute)}` : `${date} à ${p.hour} h ${pad(p.minute)}`;
}
