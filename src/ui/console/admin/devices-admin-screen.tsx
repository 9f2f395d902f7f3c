/** IT referent: every tablet (last contact, last sync, version, storage), enrolment codes, and the adult actions on each (device-actions.tsx). */
import { useState } from 'preact/hooks';
import type { EnrolmentCode } from '../../../protocol/console.ts';
import { useConsole } from '../console-context.ts';
import { formatBytes, formatDate, useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { DeviceActions } from '../device-actions.tsx';
import { EnrolmentCodesTable } from './enrolment-codes.tsx';

export function DevicesAdminScreen() {
  const { api } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const loaded = useLoad(() => Promise.all([api.devices(), api.classes(), api.enrolmentCodes()]), []);
  const [classId, setClassId] = useState('');
  const [code, setCode] = useState<EnrolmentCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(te(e));
    }
  };
  return (
    <>
      <ScreenTitle>{t('admin.devices.title')}</ScreenTitle>
      <LoadGate loaded={loaded}>
        {([devices, classes, codes]) => (
          <>
            <form class="cc-form cc-row" onSubmit={(e) => { e.preventDefault(); void act(async () => { setCode(await api.createEnrolmentCode(classId || undefined)); loaded.reload(); }); }}>
              <div class="cc-field">
                <label for="d-class">{t('admin.devices.codeFor')}</label>
                <select id="d-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
                  <option value="">{t('admin.devices.noClass')}</option>
                  {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </select>
              </div>
              <button type="submit" class="cc-primary">{t('admin.devices.code')}</button>
            </form>
            {code && <p role="status" class="cc-code">{t('admin.devices.codeIs', { code: code.code, date: formatDate(code.expiresAt, lang) })}</p>}
            {error && <ErrorBox error={error} />}
            <EnrolmentCodesTable codes={codes} onChanged={loaded.reload} onError={(e) => setError(te(e))} />
            <h2>{t('admin.devices.list')}</h2>
            <table class="cc-table">
              <thead>
                <tr>
                  <th scope="col">{t('tablets.name')}</th><th scope="col">{t('admin.students.class')}</th><th scope="col">{t('admin.devices.lastContact')}</th>
                  <th scope="col">{t('tablets.lastSync')}</th><th scope="col">{t('tablets.version')}</th><th scope="col">{t('admin.devices.storage')}</th>
                  <th scope="col">{t('tablets.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {devices.length === 0 && <tr><td colSpan={7} class="cc-hint">{t('admin.devices.none')}</td></tr>}
                {devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}{d.revokedAt && <span class="cc-hint"> ({t(d.lostAt ? 'devices.lostBadge' : 'admin.devices.revoked')})</span>}</th>
                    <td>{classes.find((c) => c.id === d.classId)?.name ?? '—'}</td>
                    <td>{d.lastSeenAt ? formatDate(d.lastSeenAt, lang) : t('tablets.never')}</td>
                    <td>{d.lastSyncAt ? formatDate(d.lastSyncAt, lang) : t('tablets.never')}</td>
                    <td>{d.appVersion ?? '—'}</td>
                    <td>{formatBytes(d.storageUsage, lang)}{d.storageQuota ? ` / ${formatBytes(d.storageQuota, lang)}` : ''}</td>
                    <td><DeviceActions device={d} onChanged={loaded.reload} onError={(e) => setError(te(e))} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </LoadGate>
    </>
  );
}
