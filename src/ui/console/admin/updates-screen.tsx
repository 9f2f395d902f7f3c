/**
 * IT referent: « Mises à jour » (issue 16). The builds the server keeps (version, release note,
 * how many tablets run each and the errors they reported after starting it), who runs what
 * (the school's build, a pilot class ahead, a pinned class, one tablet), rollout progress per
 * class and per tablet (planned, downloaded, running), a rollback (the older build served
 * again as a new n°), the halt button, and the update window (lesson hours, school days, the
 * holidays) with the minimum version.
 */
import { useState } from 'preact/hooks';
import type { BuildInfo, RolloutRequest, UpdateSettings, UpdatesOverview } from '../../../protocol/app-updates.ts';
import { useConsole } from '../console-context.ts';
import { formatDate, useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { MAX_HOLIDAYS, parseClockTime, type HolidayPeriod } from '../../../protocol/update-window.ts';
import { isCalendarDay } from '../../../protocol/calendar-day.ts';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function UpdatesScreen() {
  const { api, announce } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const loaded = useLoad(() => api.updates(), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (f: () => Promise<UpdatesOverview>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      loaded.set(await f());
      announce(done);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  const label = (o: UpdatesOverview, id: string | null) => {
    const b = o.builds.find((x) => x.id === id);
    return b ? t('updates.build', { number: b.number, version: b.version }) : '—';
  };
  const rollout = (o: UpdatesOverview, r: RolloutRequest) =>
    act(() => api.setRollout(r), t('updates.assigned', { build: r.buildId ? label(o, r.buildId) : t('updates.asAbove') }));

  return (
    <>
      <ScreenTitle>{t('updates.title')}</ScreenTitle>
      <p>{t('updates.help')}</p>
      {error && <ErrorBox error={error} />}
      <LoadGate loaded={loaded}>
        {(o) => {
          const school = o.builds.find((b) => b.id === o.schoolBuildId) ?? null;
          return (
            <>
              <section aria-labelledby="u-progress" class="cc-card">
                <h2 id="u-progress">{t('updates.progressTitle')}</h2>
                <p data-progress>{o.progress.tablets === 0 ? t('updates.noTablets') : t('updates.progress', { done: o.progress.upToDate, count: o.progress.tablets })}</p>
                {o.progress.tablets > 0 && <progress max={o.progress.tablets} value={o.progress.upToDate} aria-labelledby="u-progress" />}
                <p>{school ? t('updates.schoolRuns', { build: label(o, school.id) }) : t('updates.noBuild')}</p>
                {o.haltedAt ? (
                  <>
                    <p class="cc-notice" data-halted>{t('updates.halted', { date: formatDate(o.haltedAt, lang) })}</p>
                    <button type="button" class="cc-primary" disabled={busy} onClick={() => void act(() => api.resumeRollout(), t('updates.resumed'))}>{t('updates.resume')}</button>
                  </>
                ) : (
                  <button type="button" class="cc-danger" disabled={busy} onClick={() => void act(() => api.haltRollout(), t('updates.haltedNow'))}>{t('updates.halt')}</button>
                )}
              </section>

              <h2>{t('updates.builds')}</h2>
              <div class="cc-table-scroll">
              <table class="cc-table">
                <thead>
                  <tr>
                    <th scope="col">{t('updates.buildCol')}</th><th scope="col">{t('updates.note')}</th><th scope="col">{t('updates.registered')}</th>
                    <th scope="col">{t('updates.running')}</th><th scope="col">{t('updates.errors')}</th><th scope="col">{t('tablets.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.builds.length === 0 && <tr><td colSpan={6} class="cc-hint">{t('updates.noBuildsYet')}</td></tr>}
                  {o.builds.map((b) => (
                    <tr key={b.id} data-build={b.number}>
                      <th scope="row">
                        {label(o, b.id)}
                        {b.rollbackOf !== null && <span class="cc-hint"> {t('updates.rollbackOf', { number: b.rollbackOf })}</span>}
                        {b.id === o.schoolBuildId && <> <span class="cc-badge cc-badge-published">{t('updates.schoolBadge')}</span></>}
                      </th>
                      <td>{b.releaseNote || '—'}</td>
                      <td>{formatDate(b.registeredAt, lang)}</td>
                      <td>{t('updates.tablets', { count: b.running })}</td>
                      <td class={b.failedStarts + b.uncaughtErrors > 0 ? 'cc-error' : undefined}>{errorsText(t, b)}</td>
                      <td>
                        {b.id !== o.schoolBuildId && (!school || b.number > school.number) && (
                          <button type="button" disabled={busy} onClick={() => void rollout(o, { scope: 'school', buildId: b.id })}>{t('updates.toEveryone')}</button>
                        )}
                        {school && b.number < school.number && (
                          <button type="button" disabled={busy} onClick={() => void act(() => api.rollback(b.id), t('updates.rolledBack', { build: label(o, b.id) }))}>{t('updates.rollback')}</button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>

              <h2>{t('updates.classes')}</h2>
              <p class="cc-hint">{t('updates.classesHelp')}</p>
              <div class="cc-table-scroll">
              <table class="cc-table">
                <thead>
                  <tr><th scope="col">{t('admin.students.class')}</th><th scope="col">{t('updates.planned')}</th><th scope="col">{t('updates.pinned')}</th><th scope="col">{t('updates.progressCol')}</th></tr>
                </thead>
                <tbody>
                  {o.classes.map((c) => (
                    <tr key={c.classId} data-class={c.name}>
                      <th scope="row">{c.name}</th>
                      <td>
                        <select class="cc-build-select" aria-label={t('updates.classBuild', { name: c.name })} value={c.buildId ?? ''} disabled={busy}
                          onChange={(e) => void rollout(o, { scope: 'class', targetId: c.classId, buildId: e.currentTarget.value || null, pinned: c.pinned })}>
                          <option value="">{t('updates.asSchool', { build: label(o, o.schoolBuildId) })}</option>
                          {o.builds.map((b) => <option key={b.id} value={b.id}>{label(o, b.id)}</option>)}
                        </select>
                      </td>
                      <td>
                        <label class="cc-check">
                          <input type="checkbox" checked={c.pinned} disabled={busy || !c.buildId}
                            onChange={(e) => void rollout(o, { scope: 'class', targetId: c.classId, buildId: c.buildId, pinned: e.currentTarget.checked })} />
                          {t('updates.pin')}
                        </label>
                      </td>
                      <td>
                        {c.tablets === 0 ? t('updates.tablets', { count: 0 }) : t('updates.classProgress', { done: c.upToDate, count: c.tablets })}
                        {c.tablets > 0 && <div class="cc-hint">{t('updates.classRuns', { list: runningIn(o, c.classId, t) })}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>

              <h2>{t('updates.devices')}</h2>
              <div class="cc-table-scroll">
              <table class="cc-table">
                <thead>
                  <tr>
                    <th scope="col">{t('tablets.name')}</th><th scope="col">{t('updates.planned')}</th>
                    <th scope="col">{t('updates.downloaded')}</th><th scope="col">{t('updates.runs')}</th><th scope="col">{t('updates.errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.devices.map((d) => (
                    <tr key={d.deviceId} data-device={d.name}>
                      <th scope="row">
                        {d.name}
                        <div class="cc-hint">{o.classes.find((c) => c.classId === d.classId)?.name ?? t('updates.noClass')}</div>
                      </th>
                      <td>
                        <select class="cc-build-select" aria-label={t('updates.deviceBuild', { name: d.name })} value={d.buildId ?? ''} disabled={busy}
                          onChange={(e) => void rollout(o, { scope: 'device', targetId: d.deviceId, buildId: e.currentTarget.value || null })}>
                          <option value="">{t('updates.asClass', { build: label(o, o.classes.find((c) => c.classId === d.classId)?.targetBuildId ?? o.schoolBuildId) })}</option>
                          {o.builds.map((b) => <option key={b.id} value={b.id}>{label(o, b.id)}</option>)}
                        </select>
                      </td>
                      <td class="cc-build-label">{d.servedBuildId ? label(o, d.servedBuildId) : t('updates.notYet')}</td>
                      <td>
                        <span class="cc-build-label">{d.runningBuildId ? label(o, d.runningBuildId) : (d.runningVersion ?? t('updates.unknown'))}</span>
                        {d.runningBuildId && d.runningBuildId === d.targetBuildId && <> <span class="cc-badge cc-badge-published">{t('updates.upToDate')}</span></>}
                        {d.belowMinimum && <> <span class="cc-badge cc-error">{t('updates.belowMinimum')}</span></>}
                        <div class="cc-hint">{d.reportedAt ? t('updates.reportedOn', { date: formatDate(d.reportedAt, lang) }) : t('updates.neverReported')}</div>
                      </td>
                      <td class={d.failedStarts + d.uncaughtErrors > 0 ? 'cc-error' : undefined}>
                        {errorsText(t, d)}
                        {d.lastError && <div class="cc-hint">{t('updates.lastError', { error: d.lastError })}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>

              <SettingsForm key={JSON.stringify(o.settings)} overview={o} busy={busy} onSave={(s) => void act(() => api.updateSettings(s), t('updates.saved'))} />
            </>
          );
        }}
      </LoadGate>
    </>
  );
}

type T = ReturnType<typeof useConsoleI18n>['t'];

/** What a class's tablets run, most common first: « n° 3 · 1.4.0 (12), n° 1 · 1.3.2 (2), version inconnue (1) ». */
function runningIn(o: UpdatesOverview, classId: string, t: T): string {
  const counts = new Map<string, number>();
  for (const d of o.devices.filter((x) => x.classId === classId)) {
    const b = o.builds.find((x) => x.id === d.runningBuildId);
    const name = b ? t('updates.build', { number: b.number, version: b.version }) : (d.runningVersion ?? t('updates.unknownVersion'));
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} (${n})`).join(', ');
}
const errorsText = (t: T, x: Pick<BuildInfo, 'failedStarts' | 'uncaughtErrors'>) =>
  x.failedStarts + x.uncaughtErrors === 0 ? t('updates.noErrors') : t('updates.errorCounts', { starts: x.failedStarts, errors: x.uncaughtErrors });

/** The update window (lesson hours on school days) and the minimum version. */
function SettingsForm(props: { overview: UpdatesOverview; busy: boolean; onSave: (s: UpdateSettings) => void }) {
  const { t } = useConsoleI18n();
  const { window: w, minimumVersion } = props.overview.settings;
  const [from, setFrom] = useState(w.lessonsFrom);
  const [until, setUntil] = useState(w.lessonsUntil);
  const [days, setDays] = useState<number[]>(w.schoolDays);
  const [timeZone, setTimeZone] = useState(w.timeZone);
  const [minimum, setMinimum] = useState(minimumVersion ?? '');
  const [badTime, setBadTime] = useState<'u-from' | 'u-until' | null>(null);
  const [holidays, setHolidays] = useState<HolidayPeriod[]>(w.holidays ?? []);
  /** The period that does not read (its index), told under the list and focused. */
  const [badHoliday, setBadHoliday] = useState<number | null>(null);
  const setHoliday = (i: number, change: Partial<HolidayPeriod>) => setHolidays(holidays.map((h, j) => (j === i ? { ...h, ...change } : h)));
  const versions = [...new Set(props.overview.builds.map((b) => b.version))];
  const submit = (e: Event) => {
    e.preventDefault();
    const lessonsFrom = parseClockTime(from);
    const lessonsUntil = parseClockTime(until);
    const bad = lessonsFrom === null ? 'u-from' : lessonsUntil === null ? 'u-until' : null;
    setBadTime(bad);
    if (bad) {
      document.getElementById(bad)?.focus();
      return;
    }
    // A row left empty is dropped; a half-filled one, or one that ends before it starts, is told.
    const filled = (h: HolidayPeriod) => !!(h.from || h.until);
    const wrong = holidays.findIndex((h) => filled(h) && (!isCalendarDay(h.from) || !isCalendarDay(h.until) || h.until < h.from));
    setBadHoliday(wrong < 0 ? null : wrong);
    if (wrong >= 0) {
      document.getElementById(`u-hol-${wrong}-from`)?.focus();
      return;
    }
    const kept = holidays.filter(filled);
    setHolidays(kept);
    props.onSave({ minimumVersion: minimum || null, window: { lessonsFrom: lessonsFrom!, lessonsUntil: lessonsUntil!, schoolDays: days, timeZone, holidays: kept } });
  };
  /** A time field on 24 hours (text: see parseClockTime); tidied to HH:MM when it reads as a time. */
  const time = (id: 'u-from' | 'u-until', label: string, value: string, set: (v: string) => void) => (
    <div class="cc-field cc-field-small">
      <label for={id}>{label}</label>
      <input id={id} type="text" inputMode="numeric" autoComplete="off" maxLength={8} required value={value} class="cc-time"
        aria-describedby={`${id}-help`} aria-invalid={badTime === id ? true : undefined}
        onInput={(e) => set(e.currentTarget.value)} onBlur={(e) => set(parseClockTime(e.currentTarget.value) ?? e.currentTarget.value)} />
      <span id={`${id}-help`} class={badTime === id ? 'cc-field-problem' : 'cc-hint'}>{badTime === id ? t('updates.timeInvalid') : t('updates.timeHint')}</span>
    </div>
  );
  return (
    <form class="cc-form" aria-labelledby="u-window" noValidate onSubmit={submit}>
      <h2 id="u-window">{t('updates.windowTitle')}</h2>
      <p class="cc-hint">{t('updates.windowHelp')}</p>
      <div class="cc-row cc-times">
        {time('u-from', t('updates.lessonsFrom'), from, setFrom)}
        {time('u-until', t('updates.lessonsUntil'), until, setUntil)}
        <div class="cc-field"><label for="u-tz">{t('updates.timeZone')}</label><input id="u-tz" type="text" required value={timeZone} onInput={(e) => setTimeZone(e.currentTarget.value)} /></div>
      </div>
      <fieldset>
        <legend>{t('updates.schoolDays')}</legend>
        {DAYS.map((d) => (
          <label key={d} class="cc-check">
            <input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.currentTarget.checked ? [...days, d].sort() : days.filter((x) => x !== d))} />
            {t(`updates.day${d}` as 'updates.day1')}
          </label>
        ))}
      </fieldset>
      <fieldset aria-describedby="u-hol-help">
        <legend>{t('updates.holidays')}</legend>
        <p class="cc-hint" id="u-hol-help">{t('updates.holidaysHelp')}</p>
        {holidays.map((h, i) => (
          <div key={i} class="cc-row" role="group" aria-label={t('updates.holidayN', { n: i + 1 })}>
            <div class="cc-field cc-field-small">
              <label for={`u-hol-${i}-from`}>{t('updates.holidayFrom')}</label>
              <input id={`u-hol-${i}-from`} type="date" value={h.from} aria-invalid={badHoliday === i ? true : undefined} aria-describedby={badHoliday === i ? 'u-hol-problem' : undefined}
                onInput={(e) => setHoliday(i, { from: e.currentTarget.value })} />
            </div>
            <div class="cc-field cc-field-small">
              <label for={`u-hol-${i}-until`}>{t('updates.holidayUntil')}</label>
              <input id={`u-hol-${i}-until`} type="date" value={h.until} min={h.from || undefined} aria-invalid={badHoliday === i ? true : undefined} aria-describedby={badHoliday === i ? 'u-hol-problem' : undefined}
                onInput={(e) => setHoliday(i, { until: e.currentTarget.value })} />
            </div>
            <button type="button" aria-label={t('updates.holidayRemoveN', { n: i + 1 })} onClick={() => { setHolidays(holidays.filter((_, j) => j !== i)); setBadHoliday(null); }}>{t('updates.holidayRemove')}</button>
          </div>
        ))}
        {badHoliday !== null && <p id="u-hol-problem" class="cc-field-problem">{t('updates.holidayInvalid', { n: badHoliday + 1 })}</p>}
        {holidays.length < MAX_HOLIDAYS && (
          <button type="button" onClick={() => {
            setHolidays([...holidays, { from: '', until: '' }]);
            const i = holidays.length;
            setTimeout(() => document.getElementById(`u-hol-${i}-from`)?.focus(), 0);
          }}>{t('updates.holidayAdd')}</button>
        )}
      </fieldset>
      <div class="cc-field">
        <label for="u-min">{t('updates.minimum')}</label>
        <select id="u-min" value={minimum} onChange={(e) => setMinimum(e.currentTarget.value)}>
          <option value="">{t('updates.noMinimum')}</option>
          {versions.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
        <p class="cc-hint">{t('updates.minimumHelp')}</p>
      </div>
      <button type="submit" class="cc-primary" disabled={props.busy}>{t('updates.save')}</button>
    </form>
  );
}
