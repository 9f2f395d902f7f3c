/**
 * One student's work: the answers (text, choices, photos, recordings) and the teacher's
 * feedback — a comment and points per question, an overall comment and a mark — saved,
 * then returned (the tablet gets it at its next sync).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Question } from '../../protocol/entities.ts';
import type { SubmissionDetail, SubmissionRow } from '../../protocol/console.ts';
import { formatScore } from '../../protocol/auto-marking.ts';
import { totalPoints } from './assignment-form.ts';
import { go, href, useConsole } from './console-context.ts';
import { formatDate, formatDecimal, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { AttachmentView } from './attachment-view.tsx';
import { defaultMark, draftTotal, feedbackDraft, feedbackRequest, isOverride, type FeedbackDraft } from './feedback-form.ts';
import { SpokenFeedback } from './spoken-feedback.tsx';
import { SendBack } from './send-back-dialog.tsx';
import { PaperBoxes, PrintCorrection, usePaperReadings } from './paper-boxes.tsx';

export function SubmissionScreen(props: { classId: string; assignmentId: string; submissionId: string }) {
  const { api } = useConsole();
  const loaded = useLoad(() => api.submission(props.submissionId), [props.submissionId]);
  return <LoadGate loaded={loaded}>{(d) => <SubmissionBody detail={d} classId={props.classId} onChanged={loaded.set} />}</LoadGate>;
}

function AnswerView(props: { q: Question; answer: Answer | undefined; detail: SubmissionDetail }) {
  const { t } = useConsoleI18n();
  const { q, answer } = props;
  const empty = !answer || (!answer.text && !answer.choiceIds?.length && !answer.attachmentIds?.length && !answer.texts?.some(Boolean) && !answer.pairs?.length);
  if (empty) return <p class="cc-hint">{t('sub.noAnswer')}</p>;
  const metas = (answer.attachmentIds ?? []).map((id) => props.detail.attachments.find((m) => m.id === id));
  return (
    <div class="cc-answer">
      {answer.text && q.kind === 'truefalse' && <p class="cc-answer-text">{t(answer.text === 'true' ? 'editor.true' : 'editor.false')}</p>}
      {answer.text && q.kind !== 'truefalse' && <p class="cc-answer-text">{answer.text}</p>}
      {q.kind === 'blanks' && answer.texts && <ol class="cc-choice-list">{answer.texts.map((x, i) => <li key={i}>{x || '—'}</li>)}</ol>}
      {q.kind === 'matching' && answer.pairs && (
        <ul class="cc-choice-list">
          {answer.pairs.map((p) => <li key={p.left}>{q.left?.find((l) => l.id === p.left)?.label} ↔ {q.choices?.find((c) => c.id === p.right)?.label}</li>)}
        </ul>
      )}
      {q.kind === 'choice' && (
        <ul class="cc-choice-list">
          {(q.choices ?? []).map((c) => {
            const chosen = answer.choiceIds?.includes(c.id) ?? false;
            return <li key={c.id} class={chosen ? 'cc-chosen' : undefined}>{chosen ? `☑ ${c.label} (${t('sub.chosen')})` : `☐ ${c.label}`}</li>;
          })}
        </ul>
      )}
      {metas.map((m, i) => (m ? <AttachmentView key={m.id} meta={m} n={i + 1} submissionId={props.detail.submission.id} annotations={props.detail.annotations?.find((a) => a.attachmentId === m.id)} /> : <p key={i} class="cc-hint">{t('sub.incomplete')}</p>))}
    </div>
  );
}

function SubmissionBody(props: { detail: SubmissionDetail; classId: string; onChanged: (d: SubmissionDetail) => void }) {
  const { api, announce } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const { detail } = props;
  const { assignment, submission, student } = detail;
  const autoMarks = submission.autoMarks ?? [];
  const [draft, setDraft] = useState<FeedbackDraft>(() => feedbackDraft(assignment.questions, detail.feedback, autoMarks));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(feedbackDraft(assignment.questions, detail.feedback, submission.autoMarks ?? [])), [detail.feedback, assignment.questions, submission.id]);
  const total = draftTotal(assignment.questions, draft, autoMarks);
  const [readings, setReadings] = usePaperReadings(submission.id);
  const questionsTotal = totalPoints(assignment.questions);
  const suggested = defaultMark(total, questionsTotal, draft.maxMark);
  const defaultMarkText = suggested === null ? null : formatDecimal(suggested, lang);

  const rev = submission.submitted ?? submission.latest;
  const answers = new Map((rev?.answers ?? []).map((a) => [a.questionId, a]));
  const name = `${student.firstName} ${student.lastName}`;
  const setPq = (qid: string, patch: Partial<{ comment: string; points: string }>) =>
    setDraft({ ...draft, perQuestion: { ...draft.perQuestion, [qid]: { ...draft.perQuestion[qid]!, ...patch } } });

  const save = async (andReturn: boolean): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const req = feedbackRequest(assignment.questions, draft, autoMarks);
      if (!req.ok) {
        setError(req.problems.map((p) => t(p.key, p.params)).join(' '));
        return false;
      }
      let feedback = await api.saveFeedback(submission.id, req.request);
      if (andReturn) feedback = await api.returnSubmission(submission.id);
      props.onChanged({ ...detail, feedback, submission: andReturn ? { ...submission, state: 'returned' } : submission });
      announce(andReturn ? t('sub.returned', { date: formatDate(feedback.returnedAt, lang) }) : t('app.saved'));
      return true;
    } catch (e) {
      setError(te(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle>{t('sub.title', { name })}</ScreenTitle>
      <p><a href={href({ name: 'assignment-follow', classId: props.classId, assignmentId: assignment.id })}>{t('app.back')} — {assignment.title}</a></p>
      <CopyNavigation classId={props.classId} assignmentId={assignment.id} submissionId={submission.id} />
      <p>
        {submission.submittedAt ? t('sub.submittedAt', { date: formatDate(submission.submittedAt, lang) }) : t('sub.notSubmitted')}
        {submission.late && <strong> — {t('sub.late')}</strong>}
      </p>
      <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void save(false); }}>
        {assignment.questions.map((q, i) => {
          const pq = draft.perQuestion[q.id]!;
          const auto = autoMarks.find((m) => m.questionId === q.id);
          return (
            <section key={q.id} class="cc-question" aria-labelledby={`sq-${q.id}`}>
              <h2 id={`sq-${q.id}`}>{t('editor.questionN', { n: i + 1 })} <span class="cc-hint">({t('sub.pointsOf', { points: q.points })})</span></h2>
              <p class="cc-prompt">{q.prompt}</p>
              <h3 class="cc-label">{t('sub.answer')}</h3>
              <AnswerView q={q} answer={answers.get(q.id)} detail={detail} />
              {readings.find((r) => r.questionId === q.id) && (
                <PaperBoxes submissionId={submission.id} q={q} n={i + 1} reading={readings.find((r) => r.questionId === q.id)!}
                  onConfirmed={async (r) => { setReadings(r); props.onChanged(await api.submission(submission.id)); }} />
              )}
              <div class="cc-row">
                <div class="cc-field">
                  <label for={`fc-${q.id}`}>{t('sub.comment', { n: i + 1 })}</label>
                  <textarea id={`fc-${q.id}`} rows={2} value={pq.comment} onInput={(e) => setPq(q.id, { comment: e.currentTarget.value })} />
                </div>
                <div class="cc-field cc-field-small">
                  <label for={`fp-${q.id}`}>{t('sub.points', { n: i + 1, max: q.points })}</label>
                  <input id={`fp-${q.id}`} type="number" min={0} max={q.points} step={0.01} value={pq.points} aria-describedby={auto ? `fa-${q.id}` : undefined}
                    onInput={(e) => setPq(q.id, { points: e.currentTarget.value })} />
                  {auto && (
                    <span id={`fa-${q.id}`} class="cc-hint">
                      {t('sub.auto', { score: formatScore(auto.points, auto.max, lang), right: auto.right, of: auto.of })}
                      {isOverride(pq.points, auto) && <strong> — {t('sub.overridden')}</strong>}
                    </span>
                  )}
                </div>
              </div>
            </section>
          );
        })}
        <div class="cc-field">
          <label for="f-overall">{t('sub.overall')}</label>
          <textarea id="f-overall" rows={3} value={draft.comment} onInput={(e) => setDraft({ ...draft, comment: e.currentTarget.value })} />
        </div>
        <div class="cc-row">
          <div class="cc-field cc-field-small">
            <label for="f-mark">{t('sub.mark')}</label>
            <input id="f-mark" type="number" min={0} step={0.01} value={draft.mark} placeholder={defaultMarkText ?? undefined} aria-describedby="f-total"
              onInput={(e) => setDraft({ ...draft, mark: e.currentTarget.value })} />
          </div>
          <div class="cc-field cc-field-small">
            <label for="f-max">{t('sub.maxMark')}</label>
            <input id="f-max" type="number" min={0} step={0.5} value={draft.maxMark} onInput={(e) => setDraft({ ...draft, maxMark: e.currentTarget.value })} />
          </div>
          {/* The questions' points out of the questions' total (not out of the mark's « sur », which may be 20). */}
          <p id="f-total" class="cc-total" aria-live="polite">
            {total === null ? '' : t('sub.total', { score: formatScore(total, questionsTotal, lang) })}
          </p>
        </div>
        <SpokenFeedback submissionId={submission.id} feedback={detail.feedback} />
        {error && <ErrorBox error={error} />}
        <p role="status">
          {detail.feedback?.returnedAt ? t('sub.returned', { date: formatDate(detail.feedback.returnedAt, lang) }) : detail.feedback ? t('sub.notReturned') : ''}
        </p>
        <div class="cc-actions">
          <button type="submit" disabled={busy}>{t('sub.saveFeedback')}</button>
          <button type="button" class="cc-primary" disabled={busy} onClick={() => void save(true)}>{t('sub.return')}</button>
          <SendBack submission={submission} studentName={name} onSentBack={(s) => props.onChanged({ ...detail, submission: { ...submission, ...s } })} />
        </div>
        <PrintCorrection submissionId={submission.id} beforePrint={() => (detail.feedback?.returnedAt ? Promise.resolve(true) : save(false))} />
      </form>
    </>
  );
}


/**
 * « Copie précédente / Copie suivante » among the handed-in copies of the assignment (the
 * follow list's order), without going back to the list; Alt+← and Alt+→ do the same.
 */
function CopyNavigation(props: { classId: string; assignmentId: string; submissionId: string }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const [rows, setRows] = useState<SubmissionRow[]>([]);
  useEffect(() => {
    let live = true;
    api.submissions(props.assignmentId).then((r) => { if (live) setRows(r); }, () => undefined);
    return () => { live = false; };
  }, [props.assignmentId]);
  const ids = rows.flatMap((r) => (r.submission && r.submission.state !== 'draft' ? [r.submission.id] : []));
  const at = ids.indexOf(props.submissionId);
  const prev = at > 0 ? ids[at - 1] : undefined;
  const next = at >= 0 && at < ids.length - 1 ? ids[at + 1] : undefined;
  const route = (submissionId: string) => ({ name: 'submission' as const, classId: props.classId, assignmentId: props.assignmentId, submissionId });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const to = e.key === 'ArrowRight' ? next : e.key === 'ArrowLeft' ? prev : undefined;
      if (!to) return;
      e.preventDefault();
      go(route(to));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prev, next]);
  if (at < 0) return null;
  return (
    <nav class="cc-copy-nav" aria-label={t('sub.copies')}>
      {prev ? <a class="cc-button" href={href(route(prev))} aria-keyshortcuts="Alt+ArrowLeft">← {t('sub.prevCopy')}</a> : <span class="cc-button" aria-disabled="true">← {t('sub.prevCopy')}</span>}
      <span>{t('sub.copyN', { n: at + 1, total: ids.length })}</span>
      {next ? <a class="cc-button" href={href(route(next))} aria-keyshortcuts="Alt+ArrowRight">{t('sub.nextCopy')} →</a> : <span class="cc-button" aria-disabled="true">{t('sub.nextCopy')} →</span>}
      <span class="cc-hint">{t('sub.shortcuts')}</span>
    </nav>
  );
}
