/**
 * The App root: a small path router. `/console/*` is the teacher console (its own lazy
 * chunk); everything else is the student app: enrolment on first run, then sign-in, then
 * home / lesson / assignment for the signed-in student only.
 */
import './styles.css';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../db/db-instance.ts';
import { getActiveStudentId, getDevice, setActiveStudentId } from '../db/session-repository.ts';
import { isConsolePath } from './app-area.ts';
import { matchRoute, navigate, useRoute } from './common/router.ts';
import { useLiveQuery } from './common/use-live-query.ts';
import { loadScope } from './common/student-scope.ts';
import { useLang } from '../i18n/use-lang.ts';
import { LANGS, restoreLang, setLang, t, type Lang } from '../i18n/i18n.ts';
import { UpdateBanner } from './common/update-banner.tsx';
import { LazySyncBar } from './sync/lazy-sync-bar.tsx';
import { useSyncStatus, syncActiveStudent, requestSync } from './sync/use-sync-status.ts';
import { LazyRoute, preload } from './common/lazy-route.tsx';
import { NotFoundMessage } from './common/not-found-message.tsx';
import { ScreenBoundary } from './common/screen-boundary.tsx';
import { LiveMount } from './live/live-mount.tsx';

// The console is a separate chunk, written by another area: a glob keeps the build green until it exists.
const consoleModules = import.meta.glob<{ default: ComponentType }>('./console/console-app.tsx');
const consoleModule = consoleModules['./console/console-app.tsx'];
const loadConsole = consoleModule ? () => consoleModule().then((m) => m.default) : null;
const loadEnrol = () => import('./enrol/enrol-screen.tsx').then((m) => m.EnrolScreen);
const loadRefused = () => import('./enrol/device-refused-notice.tsx').then((m) => m.DeviceRefusedScreen);
const loadSignIn = () => import('./sign-in/sign-in-screen.tsx').then((m) => m.SignInScreen);
const loadHome = () => import('./home/home-screen.tsx').then((m) => m.HomeScreen);
const loadLesson = () => import('./lesson/lesson-screen.tsx').then((m) => m.LessonScreen);
const loadDiary = () => import('./diary/diary-screen.tsx').then((m) => m.DiaryScreen);
const loadAssignment = () => import('./assignment/assignment-screen.tsx').then((m) => m.AssignmentScreen);

void restoreLang();
// The likely first screen loads while the app reads IndexedDB (the console never needs them),
// and the read itself starts now, beside the first render, not after its paint (when effects run).
if (typeof location !== 'undefined' && !isConsolePath(location.pathname)) {
  const opening = getDevice(db).catch(() => undefined); // opens the database: the App's live query then finds it open
  if (getActiveStudentId()) preload(loadHome);
  // Sign-in on an enrolled tablet, enrolment on a new one: never both (each is the other's dead weight).
  else void opening.then((device) => (!device ? preload(loadEnrol) : device.refusal ? preload(loadRefused) : preload(loadSignIn)));
}

export function App() {
  useLang();
  const path = useRoute();
  if (isConsolePath(path)) {
    return loadConsole ? <LazyRoute load={loadConsole} props={{}} /> : <p>{t('app.notFound')}</p>;
  }
  return (
    <ScreenBoundary>
      <StudentApp path={path} />
    </ScreenBoundary>
  );
}

function StudentApp({ path }: { path: string }) {
  const device = useLiveQuery(async () => ({ row: await getDevice(db) }), []);
  const [studentId, setStudentId] = useState(getActiveStudentId);
  const scope = useLiveQuery(async () => (studentId ? { value: await loadScope(db, studentId) } : { value: null }), [studentId]);
  const session = useLiveQuery(() => (studentId ? db.localSessions.get(studentId) : undefined), [studentId]);
  const status = useSyncStatus(device?.row ?? null);

  useEffect(() => syncActiveStudent(studentId), [studentId]);

  const signIn = (id: string) => {
    setActiveStudentId(id);
    setStudentId(id);
    navigate('/', { replace: true });
  };
  const switchStudent = () => {
    setActiveStudentId(null);
    setStudentId(null);
    navigate('/', { replace: true });
  };

  let content;
  if (!device) content = <p>{t('app.loading')}</p>;
  else if (!device.row) content = <LazyRoute load={loadEnrol} props={{ db }} />;
  // Withdrawn or lost: say so and how to fix it, whoever was signed in (their work stays, db/device-refusal.ts).
  else if (device.row.refusal) content = <LazyRoute key="refused" load={loadRefused} props={{ db, device: device.row }} />;
  else if (!studentId || (scope && !scope.value)) content = <LazyRoute load={loadSignIn} props={{ db, device: device.row, onSignedIn: signIn }} />;
  else if (!scope) content = <p>{t('app.loading')}</p>;
  else content = <StudentRoutes path={path} scope={scope.value!} status={status} />;

  const signedIn = !!(studentId && scope?.value && session);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <UpdateBanner />
      <header class="app-header">
        <a class="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>
          {t('app.title')}
        </a>
        {signedIn && <span class="who">{t('signin.signedInAs', { name: `${session.firstName} ${session.lastName}` })}</span>}
        {signedIn && (
          <button type="button" onClick={switchStudent}>
            {t('signin.switch')}
          </button>
        )}
        <LangSwitch />
      </header>
      {signedIn && device?.row && !device.row.refusal && <LiveMount db={db} scope={scope.value!} path={path} status={status} />}
      <main id="main" tabIndex={-1}>
        <ScreenBoundary key={path}>{content}</ScreenBoundary>
      </main>
      {device?.row && <LazySyncBar status={status} onSync={() => requestSync()} />}
    </>
  );
}

function StudentRoutes({ path, scope, status }: { path: string; scope: NonNullable<Awaited<ReturnType<typeof loadScope>>>; status: ReturnType<typeof useSyncStatus> }) {
  const lesson = matchRoute('/lessons/:id', path);
  if (lesson) return <LazyRoute key={`l:${lesson.id}`} load={loadLesson} props={{ db, scope, lessonId: lesson.id! }} />;
  const assignment = matchRoute('/assignments/:id', path);
  if (assignment) return <LazyRoute key={`a:${scope.studentId}:${assignment.id}`} load={loadAssignment} props={{ db, scope, assignmentId: assignment.id! }} />;
  if (matchRoute('/cahier', path)) return <LazyRoute load={loadDiary} props={{ db, scope }} />;
  if (matchRoute('/', path)) return <LazyRoute load={loadHome} props={{ db, scope, status }} />;
  return <NotFoundMessage />;
}

function LangSwitch() {
  const lang = useLang();
  return (
    <>
      <label class="visually-hidden" for="lang-switch">
        {t('lang.label')}
      </label>
      <select id="lang-switch" value={lang} onChange={(e) => void setLang(e.currentTarget.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </>
  );
}
