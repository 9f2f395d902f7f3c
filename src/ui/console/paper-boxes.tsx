/**
 * On the marking desk, for a copy that came back on paper (issue 15): the boxes of each
 * choice question as read on the page — a box the reader was unsure of, or could not read,
 * is said so and the question has no automatic mark — and the teacher confirms or corrects
 * them (« Confirmer ces cases »), which gives the automatic mark. Also the correction to print
 * for a family without a tablet.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Question } from '../../protocol/entities.ts';
import type { PaperQuestionReading } from '../../protocol/paper-returns.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { saveFile } from './save-file.ts';

/** The readings of a paper copy (empty for a copy from a tablet); reloaded after a confirmation. */
export function usePaperReadings(submissionId: string): [PaperQuestionReading[], (r: PaperQuestionReading[]) => void] {
  const { api } = useConsole();
  const [readings, setReadings] = useState<PaperQuestionReading[]>([]);
  useEffect(() => {
    let live = true;
    api.paperReadings(submissionId).then((r) => { if (live) setReadings(r.questions); }, () => undefined);
    return () => { live = false; };
  }, [submissionId]);
  return [readings, setReadings];
}

export function PaperBoxes(props: { submissionId: string; q: Question; n: number; reading: PaperQuestionReading; onConfirmed: (r: PaperQuestionReading[]) => Promise<void> }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const { q, reading } = props;
  const labels = new Map(q.kind === 'truefalse' ? [['true', t('editor.true')], ['false', t('editor.false')]] : (q.choices ?? []).map((c) => [c.id, c.label]));
  const [ticked, setTicked] = useState<Set<string>>(new Set(reading.boxes.filter((b) => b.state === 'ticked').map((b) => b.choiceId)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTicked(new Set(reading.boxes.filter((b) => b.state === 'ticked').map((b) => b.choiceId))), [reading]);
  const confirmed = reading.boxes.every((b) => b.by === 'teacher');
  const status = reading.flagged ? t('sub.paperFlagged') : confirmed ? t('sub.paperConfirmed') : t('sub.paperRead');
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.confirmPaperBoxes(props.submissionId, q.id, [...ticked]);
      await props.onConfirmed(r.questions);
      announce(t('sub.paperConfirmedDone', { n: props.n }));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class={`cc-paper-boxes${reading.flagged ? ' cc-flagged' : ''}`} data-paper-question={q.id}>
      <legend>{t('sub.paperTitle', { page: reading.page })}</legend>
      <p class={reading.flagged ? 'cc-warn' : 'cc-hint'} id={`pb-${q.id}`}>{status}</p>
      <ul class="cc-check-list">
        {reading.boxes.map((b) => (
          <li key={b.choiceId}>
            <label class="cc-check">
              <input type="checkbox" checked={ticked.has(b.choiceId)} aria-describedby={`pb-${q.id}`}
                onChange={(e) => { const next = new Set(ticked); if (e.currentTarget.checked) next.add(b.choiceId); else next.delete(b.choiceId); setTicked(next); }} />
              {labels.get(b.choiceId) ?? b.choiceId}
              {b.state === 'unsure' && <strong class="cc-warn"> — {t('sub.paperBoxUnsure')}</strong>}
              {b.state === 'unread' && <strong class="cc-warn"> — {t('sub.paperBoxUnread')}</strong>}
            </label>
          </li>
        ))}
      </ul>
      {error && <p role="alert" class="cc-error">{error}</p>}
      <button type="button" disabled={busy} onClick={() => void confirm()}>{t('sub.paperConfirm', { n: props.n })}</button>
    </fieldset>
  );
}

/** « Imprimer la correction (PDF) »: the pupil's pages with the teacher's marks, comments and mark. */
export function PrintCorrection(props: { submissionId: string; beforePrint: () => Promise<boolean> }) {
  const { api } = useConsole();
  const { t, te } = useConsoleI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      if (!(await props.beforePrint())) return;
      const { blob, name } = await api.correctionPdf(props.submissionId);
      saveFile(blob, name);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="cc-print-correction">
      <button type="button" disabled={busy} aria-describedby="cc-print-hint" onClick={() => void print()}>{t('sub.printCorrection')}</button>
      <span id="cc-print-hint" class="cc-hint">{t('sub.printCorrectionHint')}</span>
      {error && <p role="alert" class="cc-error">{error}</p>}
    </div>
  );
}
