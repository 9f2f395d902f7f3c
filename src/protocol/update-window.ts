/**
 * The update window (issue 16): when a tablet may apply an update it has downloaded. The
 * school says when lessons are — by default 8:00 to 17:00, Monday to Friday, Europe/Paris, and
 * the holidays it enters — and updates are applied outside those hours only. Pure and DOM-free: the server validates
 * a window with it and the tablet evaluates it on its own clock (offline too).
 */

import { isCalendarDay } from './calendar-day.ts';

/** Closed (lesson) hours on school days, in the school's time zone. */
export interface UpdateWindow {
  /** Start of lessons, "HH:MM" (24 h). */
  lessonsFrom: string;
  /** End of lessons, "HH:MM", after `lessonsFrom`. */
  lessonsUntil: string;
  /** School days, ISO weekdays: 1 = Monday … 7 = Sunday. */
  schoolDays: number[];
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: string;
  /**
   * School holidays: periods ("YYYY-MM-DD", both days included, in the school's time zone) when
   * no lesson is held, so a tablet may update at any hour. Absent: none known.
   */
  holidays?: HolidayPeriod[];
}

/** A period without lessons, first and last day included. */
export interface HolidayPeriod {
  from: string;
  until: string;
}

/** At most this many periods (a school year has five or six). */
export const MAX_HOLIDAYS = 24;

export const DEFAULT_UPDATE_WINDOW: UpdateWindow = { lessonsFrom: '08:00', lessonsUntil: '17:00', schoolDays: [1, 2, 3, 4, 5], timeZone: 'Europe/Paris' };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutesOf = (hhmm: string) => {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** Why a window is not usable (null: it is). */
export function updateWindowProblem(w: UpdateWindow): 'time' | 'order' | 'days' | 'time_zone' | 'holidays' | null {
  const from = minutesOf(w.lessonsFrom);
  const until = minutesOf(w.lessonsUntil);
  if (from === null || until === null) return 'time';
  if (until <= from) return 'order';
  if (w.schoolDays.length > 7 || new Set(w.schoolDays).size !== w.schoolDays.length || w.schoolDays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return 'days';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: w.timeZone });
  } catch {
    return 'time_zone';
  }
  if (w.holidays !== undefined && (!Array.isArray(w.holidays) || w.holidays.length > MAX_HOLIDAYS
    || w.holidays.some((h) => !isCalendarDay(h?.from) || !isCalendarDay(h?.until) || h.until < h.from))) return 'holidays';
  return null;
}

/**
 * A time of day as a person types it — « 8:30 », « 08:30 », « 8h30 », « 17 h », « 17 » — as "HH:MM"
 * on 24 hours, or null. The console's fields are plain text on purpose: a browser's time input
 * shows the browser's 12-hour format to an English-set browser, never what a French school expects.
 */
export function parseClockTime(text: string): string | null {
  const m = /^\s*([01]?[0-9]|2[0-3])\s*(?:[:hH.]\s*([0-5][0-9])?)?\s*$/.exec(text);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2] ?? '00'}` : null;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The day ("YYYY-MM-DD"), weekday (1–7) and minute of the day at `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): { day: string; weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, weekday: WEEKDAYS[get('weekday')] ?? 1, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether an update may be applied at `at`: any time on a day off or in the holidays, else before or after lessons. */
export function isUpdateAllowed(w: UpdateWindow, at: Date): boolean {
  if (updateWindowProblem(w)) return false; // never act on a window we cannot read
  const { day, weekday, minutes } = localTime(at, w.timeZone);
  if (!w.schoolDays.includes(weekday)) return true;
  if (w.holidays?.some((h) => h.from <= day && day <= h.until)) return true;
  return minutes < minutesOf(w.lessonsFrom)! || minutes >= minutesOf(w.lessonsUntil)!;
}
