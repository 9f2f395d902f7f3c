/**
 * The live class on a pupil's tablet (issue 17), over whatever screen they are on:
 * - « Ouvrez le devoir X / la leçon Y »: opened at once from the home, a lesson or the diary;
 *   from an assignment screen (a pupil may be mid-answer) they are ASKED, never moved — their
 *   draft is saved first either way, and « Finir ma phrase d'abord » leaves a button to open
 *   it later. What is not on the tablet yet is fetched by a sync, and opened when it arrives.
 * - « Regardez le tableau »: the draft being typed is saved first, then a calm full-screen
 *   message covers the app (the app beneath is inert, its text boxes untouched) until the
 *   teacher lifts it; focus goes back where it was.
 * - « Tout récupérer »: drafts saved, then a sync now.
 * - Where the pupil is (screen, question, answered) goes to the teacher's room.
 * Each push and each collect is acted on once per tablet and pupil (remembered in
 * localStorage), so a reconnect or a reload never asks twice.
 */
import './live.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import type { TabletLiveSession } from '../../protocol/live.ts';
import { getDevice } from '../../db/session-repository.ts';
import { LiveChannel, type LiveLink } from '../../live/live-channel.ts';
import { matchRoute, navigate } from '../common/router.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignment, visibleLesson, type StudentScope } from '../common/student-scope.ts';
import { unansweredCount } from '../assignment/answer-controller.ts';
import { ConfirmDialog } from '../assignment/confirm-dialog.tsx';
import { beforeUpdateHooks } from '../../pwa/update-state.ts';
import { requestSync } from '../sync/use-sync-status.ts';
import type { SyncStatusView } from '../sync/sync-status-view.ts';
import { useLang } from '../../i18n/use-lang.ts';
import { lt } from './live-words.ts';
import { screenOf, useQuestionOnScreen } from './where-am-i.ts';

export interface LiveLayerProps {
  db: CartableDb;
  scope: StudentScope;
  path: string;
  status: SyncStatusView;
}

/** Reports at most this often (30 tablets typing are not 30 requests a keystroke). */
const REPORT_MS = 1500;

/** Saves every draft being typed (the text boxes' pending keystrokes), as before an update. */
async function saveDrafts(): Promise<void> {
  await Promise.all([...beforeUpdateHooks].map((h) => Promise.resolve(h()).catch(() => undefined)));
}

/** What this tablet already did for this pupil (pushes asked, collects synced). */
function doneOnce(studentId: string) {
  const key = `cartable.live.done.${studentId}`;
  const read = (): string[] => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]') as string[];
    } catch {
      return [];
    }
  };
  return {
    has: (id: string) => read().includes(id),
    add(id: string) {
      try {
        localStorage.setItem(key, JSON.stringify([...read().filter((x) => x !== id), id].slice(-50)));
      } catch {
        /* storage full: at worst asked again */
      }
    },
  };
}

export function LiveLayer({ db, scope, path, status }: LiveLayerProps) {
  useLang();
  const sid = scope.studentId;
  const [sessions, setSessions] = useState<TabletLiveSession[]>([]);
  const [link, setLink] = useState<LiveLink>('connecting');
  const channel = useRef<LiveChannel | null>(null);

  useEffect(() => {
    let ch: LiveChannel | null = null;
    let live = true;
    void (async () => {
      const device = await getDevice(db);
      const session = await db.localSessions.get(sid);
      if (!live || !device || device.refusal || !session?.token) return;
      ch = new LiveChannel({ baseUrl: location.origin, deviceToken: device.deviceToken, studentToken: session.token, onState: setSessions, onLink: setLink }).start();
      channel.current = ch;
    })();
    return () => {
      live = false;
      ch?.stop();
      channel.current = null;
      setSessions([]);
    };
  }, [db, sid]);

  const session = sessions[0] ?? null;
  const done = doneOnce(sid);
  const activity = session?.activity ?? null;
  const target = activity ? `/${activity.kind === 'assignment' ? 'assignments' : 'lessons'}/${activity.id}` : null;
  const pushKey = session && activity ? `push:${session.id}@${activity.at}` : null;
  const onTarget = !!target && path === target;
  const item = useLiveQuery(async () => {
    if (!activity) return { here: false, title: '' };
    const found = activity.kind === 'assignment' ? await visibleAssignment(db, scope, activity.id) : await visibleLesson(db, scope, activity.id);
    return { here: !!found, title: found?.title ?? activity.title };
  }, [db, scope, activity?.kind, activity?.id]);
  const [asking, setAsking] = useState<string | null>(null);
  const [collecting, setCollecting] = useState(false);

  // A new push: open it (or ask, on an assignment screen). Not on the tablet yet: sync, then open.
  useEffect(() => {
    if (!pushKey || !target || done.has(pushKey)) return;
    if (onTarget) return done.add(pushKey);
    if (item && !item.here) requestSync('button');
    if (matchRoute('/assignments/:id', path)) setAsking(pushKey);
    else if (item?.here) {
      done.add(pushKey);
      void saveDrafts().then(() => navigate(target));
    }
  }, [pushKey, target, onTarget, item?.here, path]);

  const open = async () => {
    if (!target || !pushKey) return;
    done.add(pushKey);
    setAsking(null);
    await saveDrafts();
    navigate(target);
  };
  const later = () => {
    if (pushKey) done.add(pushKey);
    setAsking(null);
  };

  // « Tout récupérer »: drafts saved, a sync now, once per request.
  useEffect(() => {
    const key = session?.collectAt ? `collect:${session.id}@${session.collectAt}` : null;
    if (!key || done.has(key)) return;
    done.add(key);
    setCollecting(true);
    void saveDrafts().then(() => requestSync('button'));
    const t = setTimeout(() => setCollecting(false), 8000);
    return () => clearTimeout(t);
  }, [session?.id, session?.collectAt]);
  useEffect(() => {
    if (collecting && status.state === 'idle' && status.waiting.items === 0) setCollecting(false);
  }, [collecting, status.state, status.waiting.items]);

  // Where the pupil is, for the room.
  const question = useQuestionOnScreen(path);
  const work = useLiveQuery(async () => {
    if (activity?.kind !== 'assignment') return null;
    const [a, w] = await Promise.all([db.assignments.get(activity.id), db.work.get(`${sid}:${activity.id}`)]);
    if (!a) return null;
    const ids = a.questions.map((q) => q.id);
    return { total: ids.length, answered: ids.length - unansweredCount(ids, w?.studentId === sid ? w.answers : []) };
  }, [db, sid, activity?.kind, activity?.id]);
  const where = screenOf(path);
  const waiting = status.waiting.items;
  const report = session ? JSON.stringify({ sessionId: session.id, ...where, question: where.screen === 'assignment' ? question : null, answered: work?.answered ?? null, total: work?.total ?? null, waiting }) : null;
  const lastSent = useRef({ at: 0, body: '' });
  useEffect(() => {
    if (!report) return;
    const send = () => {
      if (lastSent.current.body === report) return;
      lastSent.current = { at: Date.now(), body: report };
      void channel.current?.report(JSON.parse(report));
    };
    const wait = REPORT_MS - (Date.now() - lastSent.current.at);
    if (wait <= 0) return send();
    const t = setTimeout(send, wait);
    return () => clearTimeout(t);
  }, [report, link]);

  if (!session) return null;
  const title = item?.title ?? activity?.title ?? '';
  return (
    <>
      <div class="live-bar" role="status">
        <span class="live-dot" aria-hidden="true" data-link={link} />
        <span class="live-text">{link === 'fallback' ? lt('live.fallback') : lt('live.with', { teacher: session.teacherName })}</span>
        {collecting && <span class="live-collecting">{lt('live.collecting')}</span>}
        {activity && !onTarget && item?.here && !asking && (
          <button type="button" class="primary" onClick={() => void open()}>{lt('live.reopen', { title })}</button>
        )}
      </div>
      {asking && asking === pushKey && activity && !session.attentionSince && (
        <ConfirmDialog
          title={lt(activity.kind === 'assignment' ? 'live.promptTitle.assignment' : 'live.promptTitle.lesson')}
          confirmLabel={lt('live.prompt.open')}
          cancelLabel={lt('live.prompt.later')}
          onConfirm={() => void open()}
          onCancel={later}
        >
          <p>{lt(activity.kind === 'assignment' ? 'live.prompt.assignment' : 'live.prompt.lesson', { teacher: session.teacherName, title })}</p>
          <p class="muted">{item?.here ? lt('live.prompt.kept') : lt('live.prompt.arriving')}</p>
        </ConfirmDialog>
      )}
      {session.attentionSince && <AttentionOverlay teacher={session.teacherName} />}
    </>
  );
}

/** « Regardez le tableau »: drafts saved, the app beneath inert (nothing typed there is lost or reached), focus back after. */
function AttentionOverlay({ teacher }: { teacher: string }) {
  const [saved, setSaved] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let live = true;
    void saveDrafts().then(() => live && setSaved(true));
    const beneath = [...document.querySelectorAll<HTMLElement>('#main, .app-header, .sync-bar, .skip-link, .live-bar, .update-banner')];
    for (const el of beneath) el.inert = true;
    box.current?.focus();
    return () => {
      live = false;
      for (const el of beneath) el.inert = false;
      opener?.focus({ preventScroll: true });
    };
  }, []);
  return (
    <div class="live-attention" role="alertdialog" aria-modal="true" aria-labelledby="live-attention-title" aria-describedby="live-attention-text" tabIndex={-1} ref={box} data-saved={saved}>
      <div class="live-attention-card">
        <h2 id="live-attention-title">{lt('live.attention.title')}</h2>
        <p id="live-attention-text">{lt('live.attention.text', { teacher })}</p>
        {saved && <p class="live-attention-saved">{lt('live.attention.saved')}</p>}
      </div>
    </div>
  );
}
