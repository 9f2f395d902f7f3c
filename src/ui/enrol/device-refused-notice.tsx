/**
 * What a refused tablet says before its enrolment form (issue 19), in words a pupil or a
 * teacher understands: withdrawn — it is no longer enrolled, nothing is lost (each pupil's
 * kept work listed), and how to enrol it again; lost or stolen — its pupils' data was erased.
 */
import type { CartableDb, DeviceRow } from '../../db/schema.ts';
import { keptWorkByStudent } from '../../db/device-refusal.ts';
import { EnrolScreen } from './enrol-screen.tsx';
import { useLiveQuery } from '../common/use-live-query.ts';
import { formatDateTime, t } from '../../i18n/i18n.ts';
import '../../i18n/refused-messages.ts'; // this screen's French words travel with it

/** The notice and the enrolment form of a refused tablet (its own lazy chunk: app.tsx). */
export function DeviceRefusedScreen({ db, device }: { db: CartableDb; device: DeviceRow }) {
  return <EnrolScreen db={db} refused={device} notice={<DeviceRefusedNotice db={db} device={device} />} />;
}

export function DeviceRefusedNotice({ db, device }: { db: CartableDb; device: DeviceRow }) {
  const kept = useLiveQuery(() => keptWorkByStudent(db), [db]);
  if (device.refusal === 'device_lost') {
    return (
      <div class="notice error refused-notice" role="alert">
        <h1 id="enrol-title">{t('erased.title')}</h1>
        <p>{t('erased.intro', { date: formatDateTime(device.erasedAt ?? new Date()) })}</p>
        <p>{t('erased.howTo')}</p>
      </div>
    );
  }
  return (
    <div class="notice warn refused-notice" role="alert">
      <h1 id="enrol-title">{t('refused.title')}</h1>
      <p>{t('refused.intro')}</p>
      <h2>{t('refused.kept')}</h2>
      {kept && kept.length > 0 ? (
        <ul class="kept-work">
          {kept.map((k) => (
            <li key={k.studentId}>{t(k.works === 1 ? 'refused.keptOne' : 'refused.keptMany', { name: `${k.firstName} ${k.lastName}`, count: k.works })}</li>
          ))}
        </ul>
      ) : (
        kept && <p>{t('refused.nothingKept')}</p>
      )}
      <p>{t('refused.howTo')}</p>
    </div>
  );
}
