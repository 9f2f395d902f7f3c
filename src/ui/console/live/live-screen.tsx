/**
 * « Cours en direct » (issue 17): the teacher starts a session for the class or a group,
 * then drives the room from the kit's mini-PC — open an assignment or a lesson on every
 * tablet, « Regardez le tableau », « Tout récupérer » — and watches the room live
 * (live-room.tsx). The room is read again whenever the server says it changed (the event
 * stream), and every few seconds when that stream is down: nothing depends on it.
 */
import './live-console.css';
import { useEffect, useState } from 'preact/hooks';
import type { Assignment, Device, Lesson } from '../../../protocol/entities.ts';
import type { GroupInfo } from '../../../protocol/console.ts';
import type { LiveRoom, LiveSessionInfo } from '../../../protocol/live.ts';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { FALLBACK_POLL_MS, liveApi, watchRoom } from './live-api.ts';
import { LiveRoomView } from './live-room.tsx';

export function LiveScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const loaded = useLoad(async () => {
    const [running, groups, assignments, lessons] = await Promise.all([liveApi.running(props.classId), api.groups(props.classId), api.assignments(props.classId), api.lessons(props.classId)]);
    return { running, groups: groups.filter((g) => !g.archived), assignments, lessons };
  }, [props.classId]);
  const [session, setSession] = useState<LiveSessionInfo | null>(null);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (loaded.data && !session) setSession(loaded.data.running[0] ?? null);
  }, [loaded.data]);

  return (
    <>
      <ScreenTitle>{t('live.title', { className: props.className })}</ScreenTitle>
      <LoadGate loaded={loaded}>
        {(d) => session
          ? <RunningSession session={session} setSession={setSession} assignments={d.assignments} lessons={d.lessons} onEnded={() => { setSession(null); setEnded(true); }} />
          : <StartForm classId={props.classId} groups={d.groups} ended={ended} onStarted={setSession} />}
      </LoadGate>
    </>
  );
}

function StartForm(props: { classId: string; groups: GroupInfo[]; ended: boolean; onStarted: (s: LiveSessionInfo) => void }) {
  const { t } = useConsoleI18n();
  const [groupId, setGroupId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      props.onStarted(await liveApi.start(props.classId, groupId || null));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="lv-start">
      {props.ended && <p class="cc-hint" role="status">{t('live.ended')}</p>}
      <p>{t('live.intro')}</p>
      {error !== null && <ErrorBox error={error} />}
      <form class="cc-form cc-row" onSubmit={(e) => { e.preventDefault(); void start(); }}>
        <div class="cc-field lv-audience">
          <label for="lv-audience">{t('live.audience')}</label>
          <select id="lv-audience" value={groupId} onChange={(e) => setGroupId(e.currentTarget.value)}>
            <option value="">{t('live.wholeClass')}</option>
            {props.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        <button type="submit" class="cc-primary" disabled={busy}>{t('live.start')}</button>
      </form>
    </section>
  );
}

interface RunningProps {
  session: LiveSessionInfo;
  setSession: (s: LiveSessionInfo) => void;
  assignments: Assignment[];
  lessons: Lesson[];
  onEnded: () => void;
}

function RunningSession({ session, setSession, assignments, lessons, onEnded }: RunningProps) {
  const { api, announce } = useConsole();
  const { t, lang } = useConsoleI18n();
  const [room, setRoom] = useState<LiveRoom | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pick, setPick] = useState('');
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' });

  // Read the room on every « it changed », or every few seconds while the stream is down.
  const [tick, setTick] = useState(0);
  useEffect(() => watchRoom(session.id, () => setTick((n) => n + 1), setStreaming), [session.id]);
  useEffect(() => {
    if (streaming) return;
    const timer = setInterval(() => setTick((n) => n + 1), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [streaming]);
  useEffect(() => {
    let live = true;
    Promise.all([liveApi.room(session.id), api.devices(session.classId)]).then(([r, d]) => {
      if (!live) return;
      setRoom(r);
      setDevices(d);
      if (r.session.version >= session.version) setSession(r.session);
    }, (e: unknown) => live && setError(e));
    return () => void (live = false);
  }, [tick, session.id]);

  const act = async (op: () => Promise<LiveSessionInfo>, said?: string) => {
    setError(null);
    try {
      setSession(await op());
      if (said) announce(said);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const audience = session.groupName ?? t('live.wholeClass').toLowerCase();
  const published = <T extends { status: string; groupId: string | null }>(xs: T[]) => xs.filter((x) => x.status === 'published' && (x.groupId === null || x.groupId === session.groupId));
  const openable = { assignments: published(assignments), lessons: published(lessons) };
  const push = () => {
    const [kind, id] = pick.split(':');
    if (!id) return setError(t('live.push.pick'));
    void act(() => liveApi.push(session.id, { kind: kind as 'assignment' | 'lesson', id }), t('live.push.button'));
  };

  return (
    <>
      <div class="lv-head">
        <p class="lv-running" role="status">
          {t('live.running', { audience, time: time(session.startedAt) })}{' '}
          <span class={streaming ? 'lv-link-live' : 'lv-link-down'}>{streaming ? t('live.link.live') : t('live.link.fallback')}</span>
        </p>
        <button type="button" onClick={() => void liveApi.end(session.id).then(onEnded, setError)}>{t('live.end')}</button>
      </div>
      {error !== null && <ErrorBox error={error} />}
      <div class="lv-controls">
        <section class="lv-control" aria-labelledby="lv-push-title">
          <h2 id="lv-push-title">{t('live.push.title')}</h2>
          {openable.assignments.length + openable.lessons.length === 0
            ? <p class="cc-hint">{t('live.push.noContent')}</p>
            : (
              <form class="lv-push" onSubmit={(e) => { e.preventDefault(); push(); }}>
                <label for="lv-pick" class="cc-visually-hidden">{t('live.push.choose')}</label>
                <select id="lv-pick" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
                  <option value="">{t('live.push.choose')}</option>
                  {openable.assignments.length > 0 && <optgroup label={t('live.push.assignments')}>{openable.assignments.map((a) => <option key={a.id} value={`assignment:${a.id}`}>{a.title}</option>)}</optgroup>}
                  {openable.lessons.length > 0 && <optgroup label={t('live.push.lessons')}>{openable.lessons.map((l) => <option key={l.id} value={`lesson:${l.id}`}>{l.title}</option>)}</optgroup>}
                </select>
                <button type="submit" class="cc-primary">{t('live.push.button')}</button>
              </form>
            )}
          <p class="cc-hint" data-activity={session.activity?.id ?? ''}>
            {session.activity ? t('live.push.current', { time: time(session.activity.at), title: session.activity.title }) : t('live.push.none')}
            {session.activity && <> <button type="button" class="lv-link-button" onClick={() => void act(() => liveApi.push(session.id, { kind: null }))}>{t('live.push.clear')}</button></>}
          </p>
        </section>
        <section class="lv-control" aria-labelledby="lv-attention-title">
          <h2 id="lv-attention-title">{t('live.attention.title')}</h2>
          {session.attentionSince
            ? <button type="button" class="cc-primary" aria-pressed="true" onClick={() => void act(() => liveApi.attention(session.id, false), t('live.attention.off'))}>{t('live.attention.off')}</button>
            : <button type="button" class="cc-primary" aria-pressed="false" onClick={() => void act(() => liveApi.attention(session.id, true), t('live.attention.on'))}>{t('live.attention.on')}</button>}
          {session.attentionSince && <p class="cc-hint">{t('live.attention.active', { time: time(session.attentionSince) })}</p>}
        </section>
        <section class="lv-control" aria-labelledby="lv-collect-title">
          <h2 id="lv-collect-title">{t('live.collect.title')}</h2>
          <button type="button" class="cc-primary" onClick={() => void act(() => liveApi.collect(session.id), t('live.collect.button'))}>{t('live.collect.button')}</button>
          {session.collectAt && <p class="cc-hint">{t('live.collect.asked', { time: time(session.collectAt) })}</p>}
        </section>
      </div>
      {room ? <LiveRoomView room={room} devices={devices} /> : <p role="status">{t('app.loading')}</p>}
    </>
  );
}
