/**
 * The teacher / IT-referent console, mounted lazily by the student shell's router at
 * /console/* (its own chunk: none of this weighs on the student shell). Hash routes
 * (console-routes.ts), session in sessionStorage (console-api.ts), French first.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionUser } from '../../protocol/auth.ts';
import { createConsoleApi, loadSession } from './console-api.ts';
import { ConsoleContext, href } from './console-context.ts';
import { consoleI18n, ConsoleI18nContext, initialLang, rememberLang, type ConsoleLang } from './console-i18n.ts';
import { parseRoute, type ConsoleRoute } from './console-routes.ts';
import { SignInScreen } from './sign-in-screen.tsx';
import { ConsoleScreen } from './console-screen.tsx';
import type { ClassSummary } from '../../protocol/console.ts';
import './console.css';
import './console-print.css';

const useHashRoute = (): ConsoleRoute => {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
};

/** The whole console. */
export default function ConsoleApp() {
  const [lang, setLang] = useState<ConsoleLang>(initialLang);
  const i18n = useMemo(() => consoleI18n(lang), [lang]);
  const { t } = i18n;
  const [user, setUser] = useState<SessionUser | null>(() => loadSession()?.user ?? null);
  const [expired, setExpired] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [classes, setClasses] = useState<ClassSummary[] | null>(null);
  const api = useMemo(() => createConsoleApi({ onUnauthenticated: () => { setExpired(true); setUser(null); } }), []);
  const route = useHashRoute();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  const routeClassId = 'classId' in route ? route.classId : null;
  const knownClass = !routeClassId || !!classes?.some((c) => c.id === routeClassId);
  useEffect(() => {
    if (!user) return;
    // Again when a route names a class we do not know yet (created since, by the IT referent).
    api.classes().then(setClasses, () => setClasses([]));
  }, [user, api, knownClass]);

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
          <SignInScreen api={api} notice={expired ? t('app.sessionExpired') : undefined} onSignedIn={(u) => { setExpired(false); setUser(u); }} />
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
            <button type="button" class="cc-link-button" onClick={() => void api.logout().finally(() => setUser(null))}>
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
                  <li><a href={href({ name: 'tablets', classId })} aria-current={route.name === 'tablets' ? 'page' : undefined}>{t('nav.tablets')}</a></li>
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
                </>
              )}
            </ul>
          </nav>
          <main id="cc-main" tabIndex={-1} class="cc-main">
            <ConsoleScreen key={JSON.stringify(route)} route={route} currentClass={currentClass} />
          </main>
          <div class="cc-live" role="status" aria-live="polite">{announcement}</div>
        </div>
      </ConsoleContext.Provider>
    </ConsoleI18nContext.Provider>
  );
}
