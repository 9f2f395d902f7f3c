/**
 * Class tablets, before they go home: each device's news (last sync), what it reported
 * waiting and whose, its app version, the adult actions (device-actions.tsx), and one clear
 * signal — « Tout est synchronisé » — only when it is true (device-sync-status.ts: every
 * tablet heard from within the server's contact window with nothing waiting). Refreshes
 * itself every 10 s while the page is shown (paused when the tab is hidden, at once when it
 * comes back), and says when it last did.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleMessageKey } from '../../i18n/console-fr.ts';
import type { Device } from '../../protocol/entities.ts';
import { useConsole } from './console-context.ts';
import { formatBytes, formatWhen, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { classSyncSummary, deviceSyncState, RECENT_SYNC_MS, waitingWorks, type DeviceSyncState } from './device-sync-status.ts';
import { DeviceActions } from './device-actions.tsx';

/** How often the screen asks again while the teacher watches. */
export const TABLETS_REFRESH_MS = 10_000;

const STATE_LABEL: Record<DeviceSyncState, ConsoleMessageKey> = {
  synced: 'ds.synced', waiting: 'ds.waiting', stale: 'ds.stale', never: 'ds.never', revoked: 'ds.revoked', unheard: 'ds.unheard',
};

/** Calls `tick` every `ms` while the document is visible, and once when it becomes visible again. */
function useVisibleInterval(tick: () => void, ms: number) {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | null = null;
    const start = () => {
      if (timer === null) timer = setInterval(tick, ms);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') stop();
      else {
        tick();
        start();
      }
    };
    if (document.visibilityState !== 'hidden') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [tick, ms]);
}

export function ClassTabletsScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const loaded = useLoad(() => api.devices(props.classId).then((devices) => ({ devices, at: new Date() })), [props.classId]);
  const settings = useLoad(() => api.settings(), []);
  const [error, setError] = useState<string | null>(null);
  useVisibleInterval(loaded.reload, TABLETS_REFRESH_MS);
  const windowMs = settings.data ? settings.data.tabletContactMinutes * 60_000 : RECENT_SYNC_MS;

  return (
    <>
      <ScreenTitle>{t('tablets.title', { className: props.className })}</ScreenTitle>
      {error && <ErrorBox error={error} />}
      <LoadGate loaded={loaded}>
        {({ devices, at }) => {
          const summary = classSyncSummary(devices, at, windowMs);
          if (!devices.length) return <p>{t('tablets.none')}</p>;
          return (
            <>
              <p class={summary.allSynced ? 'cc-signal cc-signal-ok' : 'cc-signal cc-signal-wait'} role="status" data-all-synced={summary.allSynced}>
                <span aria-hidden="true">{summary.allSynced ? '✔ ' : '⚠ '}</span>
                {summary.allSynced ? t('tablets.allSynced') : t('tablets.notAllSynced', { count: summary.notSynced.length })}
              </p>
              <p class="cc-hint">
                {t('tablets.window', { minutes: Math.round(windowMs / 60_000) })}{devices.some((d) => d.visiting) && ` ${t('tablets.visitingHint')}`} <span data-updated-at={at.toISOString()}>{t('tablets.updatedAt', { time: at.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR') })}</span>
              </p>
              <table class="cc-table">
                <caption class="cc-visually-hidden">{t('tablets.title', { className: props.className })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tablets.name')}</th>
                    <th scope="col">{t('tablets.state')}</th>
                    <th scope="col">{t('tablets.lastSync')}</th>
                    <th scope="col">{t('tablets.waiting')}</th>
                    <th scope="col">{t('tablets.version')}</th>
                    <th scope="col">{t('tablets.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.map((d) => <TabletRow key={d.id} d={d} state={deviceSyncState(d, at, windowMs)} at={at} onChanged={loaded.reload} onError={(e) => setError(te(e))} />)}
                </tbody>
              </table>
            </>
          );
        }}
      </LoadGate>
    </>
  );
}

function TabletRow({ d, state, at, onChanged, onError }: { d: Device; state: DeviceSyncState; at: Date; onChanged: () => void; onError: (e: unknown) => void }) {
  const { user } = useConsole();
  const { t, lang } = useConsoleI18n();
  const { works, names } = waitingWorks(d);
  const label = d.revokedAt && state === 'waiting' ? 'ds.revokedWaiting' : STATE_LABEL[state];
  const visiting = d.visiting;
  return (
    <tr data-state={state} data-device={d.id} data-visiting={visiting ? 'true' : undefined}>
      <th scope="row">
        {d.name}{d.lostAt && <span class="cc-hint"> ({t('devices.lostBadge')})</span>}
        {visiting && (
          <span class="cc-hint cc-row-note">
            {t(d.classId ? 'tablets.visitingOtherClass' : 'tablets.visitingSchool')}{' '}
            {t('tablets.visitingPupils', { names: visiting.pupils.map((p) => `${p.firstName} ${p.lastName}`).join(', ') })}
          </span>
        )}
        {state === 'unheard' && <span class="cc-hint cc-row-note">{t('tablets.unheardHelp')}</span>}
      </th>
      <td>
        {state === 'unheard' && d.revokedAt
          ? <span class="cc-status cc-ds-stale cc-quiet">{t('ds.unheard', { time: formatWhen(d.revokedAt, lang, at) })}</span>
          : state === 'stale' && d.lastSyncAt
          ? <span class="cc-status cc-ds-stale cc-quiet">{t('tablets.noNews', { time: formatWhen(d.lastSyncAt, lang, at) })}</span>
          : <span class={`cc-status cc-ds-${state}`}>{t(label)}</span>}
      </td>
      <td>{d.lastSyncAt ? formatWhen(d.lastSyncAt, lang, at) : t('tablets.never')}</td>
      <td>
        {visiting
          ? t('tablets.visitingWorks', { count: visiting.works })
          : <>{t('tablets.items', { count: d.pendingCount ?? 0 })}{d.pendingBytes ? ` (${formatBytes(d.pendingBytes, lang)})` : ''}</>}
        {works > 0 && <span class="cc-waiting-names">{t('tablets.waitingWorks', { count: works, names })}</span>}
        {visiting?.unattributed && <span class="cc-waiting-names">{t('tablets.visitingUnattributed')}</span>}
      </td>
      <td>{d.appVersion ?? '—'}</td>
      {/* A teacher acts on their classes' tablets only; the IT referent on any. */}
      <td>{visiting && user.role !== 'it' ? <span class="cc-hint">{t('tablets.visitingNoAction')}</span> : <DeviceActions device={d} onChanged={onChanged} onError={onError} />}</td>
    </tr>
  );
}
