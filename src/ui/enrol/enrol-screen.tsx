/**
 * First run: enrol this tablet with a one-time code and a name, then fetch the roster. A tablet
 * the server refused (`refused`) shows why first; withdrawn, it sends its old token so that it
 * stays the same tablet and its kept work goes out (then a sync starts at once).
 */
import { useState } from 'preact/hooks';
import type { CartableDb, DeviceRow } from '../../db/schema.ts';
import type { ComponentChildren } from 'preact';
import { requestSync } from '../sync/use-sync-status.ts';
import { saveEnrolment, saveRoster } from '../../db/session-repository.ts';
import { ApiError, NetworkError, enrolDevice, fetchRoster } from '../../sync/page/api-client.ts';
import { serverErrorText, t } from '../../i18n/i18n.ts';

/** `refused` + `notice`: a refused tablet's screen (device-refused-notice.tsx), which sends its old token. */
export function EnrolScreen({ db, refused, notice }: { db: CartableDb; refused?: DeviceRow; notice?: ComponentChildren }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState(refused?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const tabletName = name.trim() || t('enrol.namePlaceholder');
      const previousDeviceToken = refused?.refusal === 'device_revoked' ? refused.deviceToken : undefined;
      const enrol = await enrolDevice({ code: code.trim().toUpperCase(), name: tabletName, ...(previousDeviceToken ? { previousDeviceToken } : {}) });
      const roster = await fetchRoster(enrol.deviceToken);
      await saveRoster(db, roster); // roster first: the sign-in grid is ready when the device row appears
      await saveEnrolment(db, enrol, tabletName);
      if (refused) requestSync(); // the kept work goes out now
    } catch (err) {
      if (err instanceof NetworkError) setError(t('enrol.needNetwork'));
      else if (err instanceof ApiError && err.status < 500) setError(serverErrorText(err.code, err.params, 'enrol.badCode'));
      else {
        console.error('[enrol] failed', err);
        setError(t('enrol.failed'));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow" aria-labelledby="enrol-title">
      {notice ?? (
        <>
          <h1 id="enrol-title">{t('enrol.title')}</h1>
          <p>{t('enrol.intro')}</p>
        </>
      )}
      <form class="card enrol-form" onSubmit={submit}>
        <div class="field">
          <label for="enrol-code">{t('enrol.code')}</label>
          <input
            id="enrol-code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="enrol-name">{t('enrol.name')}</label>
          <input
            id="enrol-name"
            type="text"
            placeholder={t('enrol.namePlaceholder')}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <p role="alert" class={error ? 'notice error' : 'visually-hidden'}>
          {error ?? ''}
        </p>
        <button class="primary" type="submit" disabled={busy || code.trim().length < 4}>
          {busy ? t('enrol.busy') : t(refused ? 'refused.submit' : 'enrol.submit')}
        </button>
      </form>
    </section>
  );
}
