/**
 * Oral answer: record (with a level meter and the time left), listen, redo, delete. Nothing is
 * lost on one tap: « Recommencer » keeps the old recording until the new one is stored (and
 * « Annuler » during it keeps the old one), and deleting asks first.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Question } from '../../protocol/entities.ts';
import type { AttachmentView } from './answer-controller.ts';
import { AudioRecorder, type RecordingResult } from '../../media/page/audio-recorder.ts';
import { withRecordingDuration } from './with-recording-duration.ts';
import { useObjectUrl } from './use-object-url.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export const DEFAULT_MAX_AUDIO_SEC = 120;

export interface AudioQuestionProps {
  question: Question;
  recordings: AttachmentView[];
  readOnly: boolean;
  onAdd(blob: Blob): Promise<unknown>;
  onRemove(attachmentId: string): Promise<unknown>;
  /** Replaces a recording by a new one (the old one stays if the new one cannot be stored). */
  onReplace(attachmentId: string, blob: Blob): Promise<unknown>;
}

export function AudioQuestion({ question, recordings, readOnly, onAdd, onRemove, onReplace }: AudioQuestionProps) {
  const max = question.maxDurationSec ?? DEFAULT_MAX_AUDIO_SEC;
  const session = useRef<AudioRecorder | null>(null);
  const [recording, setRecording] = useState(false);
  const [seconds, setSeconds] = useState(0);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const current = recordings.at(-1) ?? null;
  const url = useObjectUrl(current?.blob ?? null);

  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
      session.current?.cancel();
      session.current = null;
    },
    [],
  );

  const keep = async (result: RecordingResult) => {
    session.current = null;
    setRecording(false);
    const blob = await withRecordingDuration(result.blob, result.durationMs); // a player shows its real length, not 0:00
    // "Recommencer" replaces the previous recording once the new one is stored.
    await (current ? onReplace(current.id, blob) : onAdd(blob));
  };
  const cancel = () => {
    session.current?.cancel();
    session.current = null;
    setRecording(false);
  };

  const start = async () => {
    setError(null);
    setSeconds(0);
    try {
      const rec = new AudioRecorder({ maxDurationSec: max, onLevel: setLevel, onMaxReached: (r) => void keep(r) });
      await rec.start();
      // Gone while the microphone was being granted (the screen, or the console's preview, closed): it stops now.
      if (!mounted.current) return rec.cancel();
      session.current = rec;
      setRecording(true);
      const startedAt = Date.now();
      const tick = setInterval(() => (session.current === rec ? setSeconds(Math.floor((Date.now() - startedAt) / 1000)) : clearInterval(tick)), 250);
    } catch {
      setError(t('audio.noMic'));
    }
  };
  const stop = async () => {
    const s = session.current;
    if (s) await keep(await s.stop());
  };

  return (
    <div>
      {current && url && !recording && (
        <figure>
          <figcaption>{t('audio.listen')}</figcaption>
          <audio controls src={url} />
        </figure>
      )}
      {recording && (
        <div aria-live="polite">
          <p>{t('audio.recording', { seconds, max })}</p>
          <div class="level" aria-hidden="true">
            <div style={{ width: `${Math.round(Math.min(1, level * 2) * 100)}%` }} />
          </div>
        </div>
      )}
      {error && <p class="notice error" role="alert">{error}</p>}
      {!readOnly && (
        <div class="row">
          {recording ? (
            <>
              <button type="button" class="primary" onClick={() => void stop()}>
                {t('audio.stop')}
              </button>
              {current && (
                <button type="button" onClick={cancel}>
                  {t('audio.cancelRedo')}
                </button>
              )}
            </>
          ) : (
            <button type="button" class="primary" onClick={() => void start()}>
              {current ? t('audio.redo') : t('audio.record')}
            </button>
          )}
          {current && !recording && (
            <button type="button" class="danger" onClick={() => setDeleting(true)}>
              {t('audio.delete')}
            </button>
          )}
        </div>
      )}
      {deleting && current && (
        <ConfirmDialog
          danger
          title={t('audio.confirmDelete')}
          confirmLabel={t('audio.confirmDeleteYes')}
          cancelLabel={t('audio.confirmDeleteNo')}
          onConfirm={() => {
            setDeleting(false);
            void onRemove(current.id);
          }}
          onCancel={() => setDeleting(false)}
        >
          <p>{t('audio.confirmDeleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
