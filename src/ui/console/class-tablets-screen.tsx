/**
 * Class tablets, before they go home: each device's last sync, items waiting, app version,
 * and one clear signal — « Tout est synchronisé » — when every tablet synced recently with
 * nothing waiting. Refreshes itself every 15 s while open.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleMessageKey } from '../../i18n/console-fr.ts';
import { useConsole } from './console-context.ts';
import { formatBytes, formatDate, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { classSyncSummary, deviceSyncState, type DeviceSyncState } from './device-sync-status.ts';

const STATE_LABEL: Record<DeviceSyncState, ConsoleMessageKey> = { synced: 'ds.synced', waiting: 'ds.waiting', stale: 'ds.stale', never: 'ds.never' };

export function ClassTabletsScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const loaded = useLoad(() => api.devices(props.classId), [props.classId]);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
      loaded.reload();
    }, 15_000);
    return () => clearInterval(timer);
  }, [loaded.reload]);

  return (
    <>
      <ScreenTitle>{t('tablets.title', { className: props.className })}</ScreenTitle>
      <LoadGate loaded={loaded}>
        {(devices) => {
          const summary = classSyncSummary(devices, now);
          const live = devices.filter((d) => !d.revokedAt);
          if (!live.length) return <p>{t('tablets.none')}</p>;
          return (
            <>
              <p class={summary.allSynced ? 'cc-signal cc-signal-ok' : 'cc-signal cc-signal-wait'} role="status" data-all-synced={summary.allSynced}>
                <span aria-hidden="true">{summary.allSynced ? '✔ ' : '⚠ '}</span>
                {summary.allSynced ? t('tablets.allSynced') : t('tablets.notAllSynced', { count: summary.notSynced.length })}
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
                  </tr>
                </thead>
                <tbody>
                  {live.map((d) => {
                    const state = deviceSyncState(d, now);
                    return (
                      <tr key={d.id} data-state={state}>
                        <th scope="row">{d.name}</th>
                        <td><span class={`cc-status cc-ds-${state}`}>{t(STATE_LABEL[state])}</span></td>
                        <td>{d.lastSyncAt ? formatDate(d.lastSyncAt, lang) : t('tablets.never')}</td>
                        <td>{t('tablets.items', { count: d.pendingCount ?? 0 })}{d.pendingBytes ? ` (${formatBytes(d.pendingBytes, lang)})` : ''}</td>
                        <td>{d.appVersion ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          );
        }}
      </LoadGate>
    </>
  );
}
