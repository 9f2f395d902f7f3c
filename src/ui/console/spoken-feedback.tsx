/**
 * The teacher's spoken comment on a copy (issue 13), on the marking desk: record (with the time
 * and a level meter, stopped at MAX_FEEDBACK_AUDIO_SEC), listen again, re-record, delete. The
 * recorder is the tablet's (mono Opus at 24 kbps, its length written into the WebM so players
 * show it); the recording is sent to the server as soon as it stops and belongs to the
 * feedback — the pupil hears it once the copy is returned. Nothing is lost on a slip:
 * « Réenregistrer » keeps the current comment until the new one is stored, « Annuler » during a
 * recording keeps it too. The microphone is released when the screen is left.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Feedback, FeedbackAudio } from '../../protocol/entities.ts';
import { MAX_FEEDBACK_AUDIO_SEC } from '../../protocol/follow-up.ts';
import { AudioRecorder, type RecordingResult } from '../../media/page/audio-recorder.ts';
import { withRecordingDuration } from '../assignment/with-recording-duration.ts';
import { formatDuration } from '../common/format-duration.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ErrorBox } from './console-widgets.tsx';

/** A blob: URL of a server file fetched with the teacher's token (an <audio src> cannot send it). */
function useStaffAudio(url: string | null): string | null {
  const { api } = useConsole();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    setSrc(null);
    if (!url) return;
    let made: string | null = null;
    let live = true;
    api.attachmentUrl(url).then((u) => {
      made = u;
      if (live) setSrc(u);
      else URL.revokeObjectURL(u);
    }, () => undefined);
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, url]);
  return src;
}

/**
 * The comment is kept here, not in the desk's feedback: the desk resets its form from the saved
 * feedback, and a recording must never wipe what the teacher is typing. A save of the written
 * feedback answers with the current comment, which this follows.
 */
export function SpokenFeedback(props: { submissionId: string; feedback: Feedback | null }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [audio, setAudio] = useState<FeedbackAudio | null>(props.feedback?.audio ?? null);
  useEffect(() => setAudio(props.feedback?.audio ?? null), [props.feedback?.audio?.id]);
  const src = useStaffAudio(audio?.url ?? null);
  const session = useRef<AudioRecorder | null>(null);
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [level, setLevel] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => { session.current?.cancel(); session.current = null; }, []);

  const keep = async (result: RecordingResult) => {
    session.current = null;
    setRecording(false);
    setBusy(true);
    try {
      const blob = await withRecordingDuration(result.blob, result.durationMs);
      setAudio((await api.uploadFeedbackAudio(props.submissionId, blob, result.durationMs)).audio ?? null);
      announce(t('fu.audioSaved'));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    setError(null);
    setElapsed(0);
    try {
      const rec = new AudioRecorder({ maxDurationSec: MAX_FEEDBACK_AUDIO_SEC, onLevel: setLevel, onMaxReached: (r) => void keep(r) });
      await rec.start();
      session.current = rec;
      setRecording(true);
      const startedAt = Date.now();
      const tick = setInterval(() => (session.current === rec ? setElapsed(Date.now() - startedAt) : clearInterval(tick)), 250);
    } catch {
      setError(t('fu.noMic'));
    }
  };
  const stop = async () => {
    const s = session.current;
    if (s) await keep(await s.stop());
  };
  const cancel = () => {
    session.current?.cancel();
    session.current = null;
    setRecording(false);
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      setAudio((await api.removeFeedbackAudio(props.submissionId)).audio ?? null);
      announce(t('fu.audioDeleted'));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="cc-spoken" aria-labelledby="spoken-title">
      <h2 id="spoken-title">{t('fu.spoken')}</h2>
      <p class="cc-hint">{t('fu.spokenHelp', { max: MAX_FEEDBACK_AUDIO_SEC / 60 })}</p>
      {audio && !recording && (
        <figure class="cc-attachment">
          <figcaption id="spoken-listen">{t('fu.listen', { duration: formatDuration(audio.durationMs) })}</figcaption>
          {src && <audio controls preload="metadata" src={src} aria-labelledby="spoken-listen" />}
        </figure>
      )}
      {recording && (
        <div aria-live="polite">
          <p class="cc-recording">{t('fu.recording', { elapsed: formatDuration(elapsed), max: formatDuration(MAX_FEEDBACK_AUDIO_SEC * 1000) })}</p>
          <div class="cc-level" aria-hidden="true"><div style={{ width: `${Math.round(Math.min(1, level * 2) * 100)}%` }} /></div>
        </div>
      )}
      {busy && <p role="status">{t('fu.uploading')}</p>}
      {error && <ErrorBox error={error} />}
      <div class="cc-actions">
        {recording ? (
          <>
            <button type="button" class="cc-primary" onClick={() => void stop()}>{t('fu.stop')}</button>
            <button type="button" onClick={cancel}>{t('fu.cancelRecording')}</button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => void start()}>{audio ? t('fu.rerecord') : t('fu.record')}</button>
        )}
        {audio && !recording && <button type="button" class="cc-danger" disabled={busy} onClick={() => void remove()}>{t('fu.delete')}</button>}
      </div>
    </section>
  );
}
