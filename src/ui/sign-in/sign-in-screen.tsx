/**
 * Sign-in on a shared tablet: choose the class, then your name from a grid of large
 * buttons, then your secret on a PIN pad. Works offline for students who signed in on
 * this tablet before; wrong secrets are slowed down (see session-repository).
 */
import { useEffect, useState } from 'preact/hooks';
import type { CartableDb, DeviceRow } from '../../db/schema.ts';
import type { StudentCard } from '../../protocol/entities.ts';
import { saveRoster } from '../../db/session-repository.ts';
import { ApiError, fetchRoster } from '../../sync/page/api-client.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { formatDateTime, serverErrorText, t } from '../../i18n/i18n.ts';
import { PinPad } from './pin-pad.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { signInStudent, type SignInResult } from './sign-in-student.ts';

export interface SignInScreenProps {
  db: CartableDb;
  device: DeviceRow;
  onSignedIn(studentId: string): void;
}

export function SignInScreen({ db, device, onSignedIn }: SignInScreenProps) {
  const classes = useLiveQuery(() => db.classes.filter((c) => !c.archived).sortBy('name'), []);
  const [classId, setClassId] = useState<string | null>(device.classId);
  const [student, setStudent] = useState<StudentCard | null>(null);
  const students = useLiveQuery(
    async (): Promise<StudentCard[]> => (classId ? db.students.where('classId').equals(classId).filter((s) => !s.archived).toArray() : []),
    [classId],
  );

  // Refresh the roster quietly whenever the school server answers.
  useEffect(() => {
    if (!navigator.onLine) return;
    fetchRoster(device.deviceToken)
      .then((r) => saveRoster(db, r))
      .catch((err: unknown) => {
        // A withdrawn tablet learns it here too (the app then shows how to enrol it again).
        if (err instanceof ApiError && (err.code === 'device_revoked' || err.code === 'device_lost')) {
          const code = err.code;
          return import('../../db/device-refusal.ts').then((m) => m.markDeviceRefused(db, code));
        }
        return undefined; // offline or refused: the stored roster is used
      });
  }, [db, device.deviceToken]);

  const onlyClass = classes?.length === 1 ? classes[0]!.id : null;
  const effectiveClass = classId ?? onlyClass;
  useEffect(() => {
    if (!classId && onlyClass) setClassId(onlyClass);
  }, [classId, onlyClass]);

  if (student) {
    return <SecretStep db={db} student={student} onBack={() => setStudent(null)} onSignedIn={onSignedIn} />;
  }

  if (!effectiveClass) {
    return (
      <section aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signin.title')}</h1>
        <h2>{t('signin.chooseClass')}</h2>
        {classes && classes.length === 0 && <p class="notice info">{t('signin.noRoster')}</p>}
        <div class="grid">
          {classes?.map((c) => (
            <button type="button" key={c.id} onClick={() => setClassId(c.id)}>
              {c.name}
            </button>
          ))}
        </div>
      </section>
    );
  }

  const sorted = [...(students ?? [])].sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr') || a.lastName.localeCompare(b.lastName, 'fr'));
  const className = classes?.find((c) => c.id === effectiveClass)?.name ?? '';
  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signin.title')}</h1>
      <div class="row">
        <h2>
          {t('signin.chooseName')} — {className}
        </h2>
        {(classes?.length ?? 0) > 1 && (
          <button type="button" onClick={() => setClassId(null)}>
            {t('signin.otherClass')}
          </button>
        )}
      </div>
      {students && sorted.length === 0 && <p class="notice info">{t('signin.noStudents')}</p>}
      <div class="grid">
        {sorted.map((s) => (
          <button type="button" key={s.id} onClick={() => setStudent(s)}>
            <span>{s.firstName}</span>
            <span class="muted">{s.lastName}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

function messageFor(result: SignInResult): string | null {
  switch (result.kind) {
    case 'ok':
      return null;
    case 'wrong':
      return t('signin.wrong');
    case 'wait':
      return t('signin.wait', { seconds: String(Math.max(1, Math.ceil((result.until.getTime() - Date.now()) / 1000))) });
    case 'locked':
      return t('signin.locked', { time: result.until ? formatDateTime(result.until, { todayAsTime: true }) : '…' });
    case 'offline-first-time':
      return t('signin.offlineFirstTime');
    case 'not-enrolled':
      return t('enrol.needNetwork');
    case 'error':
      return serverErrorText(result.code, result.params, 'signin.failed');
  }
}

function SecretStep(props: { db: CartableDb; student: StudentCard; onBack(): void; onSignedIn(id: string): void }) {
  const { db, student } = props;
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SignInResult | null>(null);
  const [, tick] = useState(0);

  const waitingUntil = result && (result.kind === 'wait' || result.kind === 'locked') ? result.until : null;
  const blocked = waitingUntil !== null && waitingUntil.getTime() > Date.now();
  useEffect(() => {
    if (!blocked) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000); // count down, then unblock
    return () => clearInterval(timer);
  }, [blocked]);

  async function submit(secret: string) {
    if (busy || !secret) return;
    setBusy(true);
    const r = await signInStudent({ db, online: navigator.onLine }, student, secret).catch(
      (err: unknown): SignInResult => {
        console.error('[sign-in] failed', err);
        return { kind: 'error', code: 'unexpected', params: null };
      },
    );
    setBusy(false);
    setSecret('');
    setResult(r);
    if (r.kind === 'ok') props.onSignedIn(student.id);
  }

  const message = result ? messageFor(result) : null;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section class="narrow" aria-labelledby="secret-title">
      <h1 id="secret-title" tabIndex={-1} ref={heading}>{t('signin.secretTitle', { name: student.firstName })}</h1>
      <button type="button" onClick={props.onBack}>
        {t('signin.notMe')}
      </button>
      <p role="alert" class={message ? 'notice error' : 'visually-hidden'}>
        {message ?? ''}
      </p>
      {busy && <p aria-live="polite">{t('signin.checking')}</p>}
      <PinPad length={student.secretLength} value={secret} onChange={setSecret} onSubmit={(s) => void submit(s)} disabled={busy || blocked || result?.kind === 'locked'} />
    </section>
  );
}
