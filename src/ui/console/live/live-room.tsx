/**
 * The room, for a 1366×768 screen and 30 pupils: one compact card per pupil (online or not,
 * where they are, answered, their copy on the server, what waits on their tablet), six to a
 * row; then the room's tablets with when their last work reached the server, and — after
 * « Tout récupérer » — the class tablets screen's own signal: « Tout est synchronisé » only
 * when it is true (device-sync-status.ts).
 */
import type { Device } from '../../../protocol/entities.ts';
import type { LivePupil, LiveRoom } from '../../../protocol/live.ts';
import { useConsole } from '../console-context.ts';
import { formatBytes, formatWhen, useConsoleI18n } from '../console-i18n.ts';
import { classSyncSummary, RECENT_SYNC_MS } from '../device-sync-status.ts';
import { useLoad } from '../use-load.ts';

export function LiveRoomView({ room, devices }: { room: LiveRoom; devices: Device[] }) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const settings = useLoad(() => api.settings(), []);
  const windowMs = settings.data ? settings.data.tabletContactMinutes * 60_000 : RECENT_SYNC_MS;
  const at = new Date(room.at);
  const online = room.pupils.filter((p) => p.online).length;
  const handedIn = room.pupils.filter((p) => p.handIn === 'submitted' || p.handIn === 'returned').length;
  const summary = classSyncSummary(devices, at, windowMs);
  const collectAt = room.session.collectAt;
  return (
    <>
      <section aria-labelledby="lv-room-title">
        <h2 id="lv-room-title" class="lv-room-title">
          {t('live.room.title')} <span class="lv-room-summary" data-online={online}>{t('live.room.summary', { online, total: room.pupils.length })} · {t('live.room.handedIn', { count: handedIn })}</span>
        </h2>
        <ul class="lv-pupils">
          {room.pupils.map((p) => <PupilCard key={p.studentId} p={p} room={room} />)}
        </ul>
      </section>
      <section aria-labelledby="lv-tablets-title">
        <h2 id="lv-tablets-title">{t('live.tablets.title')}</h2>
        {collectAt && (
          <p class={summary.allSynced ? 'cc-signal cc-signal-ok' : 'cc-signal cc-signal-wait'} role="status" data-all-synced={summary.allSynced}>
            <span aria-hidden="true">{summary.allSynced ? '✔ ' : '⚠ '}</span>
            {summary.allSynced ? t('tablets.allSynced') : t('tablets.notAllSynced', { count: summary.notSynced.length })}
          </p>
        )}
        <table class="cc-table lv-tablets">
          <caption class="cc-visually-hidden">{t('live.tablets.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tablets.name')}</th>
              <th scope="col">{t('tablets.state')}</th>
              <th scope="col">{t('live.tablets.lastItem')}</th>
              <th scope="col">{t('live.tablets.lastSync')}</th>
              {collectAt && <th scope="col">{t('live.tablets.afterCollect')}</th>}
              <th scope="col">{t('tablets.waiting')}</th>
            </tr>
          </thead>
          <tbody>
            {room.tablets.map((d) => (
              <tr key={d.deviceId} data-device={d.deviceId} data-collected={d.collected}>
                <th scope="row">{d.name}</th>
                <td>{d.online ? <span class="lv-on">{t('live.room.online')}</span> : <span class="cc-hint">{t('live.room.offline')}</span>}</td>
                <td data-last-item={d.lastItemAt ?? ''}>{d.lastItemAt ? formatWhen(d.lastItemAt, lang, at) : t('live.tablets.none')}</td>
                <td>{d.lastSyncAt ? formatWhen(d.lastSyncAt, lang, at) : t('tablets.never')}</td>
                {collectAt && <td>{d.collected ? <span class="lv-on">✔ {t('live.tablets.collected')}</span> : <span class="cc-hint">{t('live.tablets.notCollected')}</span>}</td>}
                <td>{t('tablets.items', { count: d.pendingCount ?? 0 })}{d.pendingBytes ? ` (${formatBytes(d.pendingBytes, lang)})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function PupilCard({ p, room }: { p: LivePupil; room: LiveRoom }) {
  const { t, lang } = useConsoleI18n();
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' });
  const activity = room.session.activity;
  const where = !p.screen ? t('live.room.unknown')
    : p.onActivity && p.screen === 'assignment' && p.question ? t('live.room.question', { question: p.question, total: p.total ?? '?' })
      : p.onActivity ? t('live.room.onActivity')
        : t(`live.room.screen.${p.screen}`);
  const copy = activity?.kind !== 'assignment' ? null
    : p.handIn === 'submitted' ? t('live.room.handIn.submitted', { time: p.handedInAt ? time(p.handedInAt) : '—' })
      : t(`live.room.handIn.${p.handIn}`);
  return (
    <li class="lv-pupil" data-student={p.studentId} data-online={p.online} data-hand-in={p.handIn} data-question={p.question ?? ''}>
      <p class="lv-name">
        <span class={p.online ? 'lv-dot lv-dot-on' : 'lv-dot'} aria-hidden="true" />
        {p.firstName} {p.lastName}
      </p>
      <p class="lv-line">
        <span class="cc-visually-hidden">{t('live.room.tablet')}&nbsp;: </span>
        {p.online ? t('live.room.online') : t('live.room.offline')}
        {p.deviceName && <> · {p.deviceName}</>}
        {!p.online && p.lastSeenAt && <> · {t('live.room.seen', { time: time(p.lastSeenAt) })}</>}
      </p>
      {/* Nothing heard from a pupil away from the tablets: no empty line (30 cards must fit). */}
      {p.screen && <p class="lv-line">
        <span class="cc-visually-hidden">{t('live.room.where')}&nbsp;: </span>{where}
        {activity?.kind === 'assignment' && p.answered !== null && p.total !== null && <> · {t('live.room.answered', { answered: p.answered, total: p.total })}</>}
      </p>}
      {copy && <p class={`lv-line lv-copy lv-copy-${p.handIn}`}><span class="cc-visually-hidden">{t('live.room.copy')}&nbsp;: </span>{copy}</p>}
      {p.waiting !== null && p.waiting > 0 && (
        <p class="lv-line lv-waiting"><span class="cc-visually-hidden">{t('live.room.waiting')}&nbsp;: </span>⏳ {t('live.room.items', { count: p.waiting })}</p>
      )}
    </li>
  );
}
