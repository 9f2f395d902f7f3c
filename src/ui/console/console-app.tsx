/**
 * The teacher / IT-referent console, mounted lazily by the student shell's router at
 * /console/* (its own chunk: none of this weighs on the student shell). Hash routes
 * (console-routes.ts), session in sessionStorage (console-api.ts), French first.
 * On the kit's shared mini-PC, signing out (or the idle sign-out) leaves nothing of the
 * previous adult: their screens unmount (blob: URLs revoked with them), their data and route
 * go, and their history entries lead home (console-history.ts); API answers are no-store.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SessionUser } from '../../protocol/auth.ts';
import { createConsoleApi, loadSession } from './console-api.ts';
import { ConsoleContext, href } from './console-context.ts';
import { consoleI18n, ConsoleI18nContext, initialLang, rememberLang, type ConsoleLang } from './console-i18n.ts';
import { parseRoute } from './console-routes.ts';
import { SignInScreen } from './sign-in-screen.tsx';
import { ChangePasswordScreen } from './change-password-screen.tsx';
import { ConsoleScreen } from './console-screen.tsx';
import type { ClassSummary, ConsoleSettings } from '../../protocol/console.ts';
import { currentRoute, endSignIn, startSignIn } from './console-history.ts';
import { useIdleSignOut } from './use-idle-sign-out.ts';
import { IdleWarning } from './idle-warning.tsx';

/** Until the server's setting arrives (CONSOLE_IDLE_MINUTES). */
const DEFAULT_IDLE_MINUTES = 20;
import './console.css';
import './console-print.css';

const useHashRoute = () => {
  const [route, setRoute] = useState(() => (loadSession() ? currentRoute() : parseRoute(location.hash)));
  // Counts navigations: a hash change to the route already shown (« Nouveau devoir » again after
  // the new draft's URL was replaced in place) must still open a fresh screen.
  const [visit, setVisit] = useState(0);
  useEffect(() => {
    const update = () => {
      setRoute(currentRoute());
      setVisit((n) => n + 1);
    };
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return [route, setRoute, visit] as const;
};

/** The whole console. */
export default function ConsoleApp() {
  const [lang, setLang] = useState<ConsoleLang>(initialLang);
  const i18n = useMemo(() => consoleI18n(lang), [lang]);
  const { t } = i18n;
  const [user, setUser] = useState<SessionUser | null>(() => loadSession()?.user ?? null);
  const userRef = useRef(user);
  userRef.current = user;
  const [notice, setNotice] = useState<string | null>(null);
  /** Who was signed in when the session expired: only they get their screen back. */
  const expiredUser = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [classes, setClasses] = useState<ClassSummary[] | null>(null);
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const api = useMemo(() => createConsoleApi({ onUnauthenticated: () => { expiredUser.current = userRef.current?.id ?? null; setNotice('expired'); setUser(null); } }), []);
  const [route, setRoute, visit] = useHashRoute();
  const locked = !!user?.mustChangePassword; // a temporary password: nothing else until it is changed
  useEffect(() => {
    if (!user || locked) return;
    api.settings().then(setSettings, () => setSettings(null));
  }, [user, api, locked]);
  /** Sign-out (a click or the idle timer): nothing of this adult stays for the next one. */
  const signOut = (why: 'user' | 'idle') => {
    void api.logout().finally(() => {
      expiredUser.current = null;
      setRoute(endSignIn());
      setClasses(null);
      setAnnouncement('');
      setNotice(why === 'idle' ? 'idle' : null);
      setUser(null);
    });
  };
  const idle = useIdleSignOut(user ? settings?.idleSignOutMinutes ?? DEFAULT_IDLE_MINUTES : null, () => signOut('idle'));

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  const routeClassId = 'classId' in route ? route.classId : null;
  const knownClass = !routeClassId || !!classes?.some((c) => c.id === routeClassId);
  useEffect(() => {
    if (!user || locked) return;
    // Again when a route names a class we do not know yet (created since, by the IT referent).
    api.classes().then(setClasses, () => setClasses([]));
  }, [user, api, knownClass, locked]);

  const switchLang = () => {
    const next = lang === 'fr' ? 'en' : 'fr';
    rememberLang(next);
    setLang(next);
  };
  const langButton = (
    <button type="button" class="cc-link-button" lang={lang === 'fr' ? 'en' : 'fr'} aria-label={t('app.langLabel')} onClick={switchLang}>
      {t('app.lang')}
    </button>
  );

  if (!user) {
    return (
      <ConsoleI18nContext.Provider value={i18n}>
        <div class="cc-root">
          <header class="cc-header">
            <span class="cc-brand">{t('app.title')}</span>
            {langButton}
          </header>
          <SignInScreen
            api={api}
            notice={notice === 'expired' ? t('app.sessionExpired') : notice === 'idle' ? t('idle.signedOut', { minutes: settings?.idleSignOutMinutes ?? DEFAULT_IDLE_MINUTES }) : undefined}
            onSignedIn={(u) => {
              // The same adult back after an expiry keeps their screen; anyone else lands on their own home.
              setRoute(startSignIn(expiredUser.current === u.id));
              expiredUser.current = null;
              setNotice(null);
              setUser(u);
            }}
          />
        </div>
      </ConsoleI18nContext.Provider>
    );
  }

  if (user.mustChangePassword) {
    return (
      <ConsoleI18nContext.Provider value={i18n}>
        <div class="cc-root">
          <header class="cc-header">
            <span class="cc-brand">{t('app.title')}</span>
            <span class="cc-user">{t('app.signedInAs', { name: user.displayName })}</span>
            {langButton}
          </header>
          <ChangePasswordScreen api={api} onSignOut={() => signOut('user')} onChanged={() => {
            setUser({ ...user, mustChangePassword: undefined });
            setAnnouncement(t('password.done'));
          }} />
          <div class="cc-live" role="status" aria-live="polite">{announcement}</div>
        </div>
      </ConsoleI18nContext.Provider>
    );
  }

  const classId = routeClassId;
  const currentClass = classes?.find((c) => c.id === classId) ?? null;
  const announce = (m: string) => {
    setAnnouncement('');
    setTimeout(() => setAnnouncement(m), 50);
  };

  return (
    <ConsoleI18nContext.Provider value={i18n}>
      <ConsoleContext.Provider value={{ api, user, announce }}>
        <div class="cc-root">
          <a class="cc-skip" href="#cc-main" onClick={(e) => { e.preventDefault(); document.getElementById('cc-main')?.focus(); }}>
            {t('app.skip')}
          </a>
          <header class="cc-header">
            <a class="cc-brand" href={href({ name: 'classes' })}>{t('app.title')}</a>
            <span class="cc-user">{t('app.signedInAs', { name: user.displayName })}</span>
            {langButton}
            <button type="button" class="cc-link-button" onClick={() => signOut('user')}>
              {t('app.signOut')}
            </button>
          </header>
          <nav class="cc-nav" aria-label={t('app.mainNav')}>
            <ul>
              <li><a href={href({ name: 'classes' })} aria-current={route.name === 'classes' ? 'page' : undefined}>{t('nav.classes')}</a></li>
              {classId && currentClass && (
                <>
                  <li class="cc-nav-class">{t('classes.current', { name: currentClass.name })}</li>
                  <li><a href={href({ name: 'assignments', classId })} aria-current={route.name === 'assignments' ? 'page' : undefined}>{t('nav.assignments')}</a></li>
                  <li><a href={href({ name: 'lessons', classId })} aria-current={route.name === 'lessons' ? 'page' : undefined}>{t('nav.lessons')}</a></li>
                  <li><a href={href({ name: 'gradebook', classId })} aria-current={route.name === 'gradebook' ? 'page' : undefined}>{t('nav.gradebook')}</a></li>
                  <li><a href={href({ name: 'tablets', classId })} aria-current={route.name === 'tablets' ? 'page' : undefined}>{t('nav.tablets')}</a></li>
                  {user.role === 'teacher' && <li><a href={href({ name: 'live', classId })} aria-current={route.name === 'live' ? 'page' : undefined}>{t('nav.live')}</a></li>}
                </>
              )}
              {user.role === 'it' && (
                <>
                  <li><a href={href({ name: 'admin-users' })} aria-current={route.name === 'admin-users' ? 'page' : undefined}>{t('nav.admin.users')}</a></li>
                  <li><a href={href({ name: 'admin-classes' })} aria-current={route.name === 'admin-classes' ? 'page' : undefined}>{t('nav.admin.classes')}</a></li>
                  <li><a href={href({ name: 'admin-students' })} aria-current={route.name === 'admin-students' ? 'page' : undefined}>{t('nav.admin.students')}</a></li>
                  <li><a href={href({ name: 'admin-roster' })} aria-current={route.name === 'admin-roster' ? 'page' : undefined}>{t('nav.admin.roster')}</a></li>
                  <li><a href={href({ name: 'admin-devices' })} aria-current={route.name === 'admin-devices' ? 'page' : undefined}>{t('nav.admin.devices')}</a></li>
                  <li><a href={href({ name: 'admin-backup' })} aria-current={route.name === 'admin-backup' ? 'page' : undefined}>{t('nav.admin.backup')}</a></li>
                  <li><a href={href({ name: 'admin-audit' })} aria-current={route.name === 'admin-audit' ? 'page' : undefined}>{t('nav.admin.audit')}</a></li>
                  <li><a href={href({ name: 'admin-updates' })} aria-current={route.name === 'admin-updates' ? 'page' : undefined}>{t('nav.admin.updates')}</a></li>
                </>
              )}
            </ul>
          </nav>
          <main id="cc-main" tabIndex={-1} class="cc-main">
            <ConsoleScreen key={`${visit}:${JSON.stringify(route)}`} route={route} currentClass={currentClass} />
          </main>
          <div class="cc-live" role="status" aria-live="polite">{announcement}</div>
          <IdleWarning seconds={idle.warning} />
        </div>
      </ConsoleContext.Provider>
    </ConsoleI18nContext.Provider>
  );
}
