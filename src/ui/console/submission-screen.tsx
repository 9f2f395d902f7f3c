/**
 * One student's work: the answers (text, choices, photos, recordings) and the teacher's
 * feedback — a comment and points per question, an overall comment and a mark — saved,
 * then returned (the tablet gets it at its next sync).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Question } from '../../protocol/entities.ts';
import type { SubmissionDetail } from '../../protocol/console.ts';
import { href, useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { AttachmentView } from './attachment-view.tsx';
import { feedbackDraft, feedbackRequest, type FeedbackDraft } from './feedback-form.ts';

export function SubmissionScreen(props: { classId: string; assignmentId: string; submissionId: string }) {
  const { api } = useConsole();
  const loaded = useLoad(() => api.submission(props.submissionId), [props.submissionId]);
  return <LoadGate loaded={loaded}>{(d) => <SubmissionBody detail={d} classId={props.classId} onChanged={loaded.set} />}</LoadGate>;
}

function AnswerView(props: { q: Question; answer: Answer | undefined; detail: SubmissionDetail }) {
  const { t } = useConsoleI18n();
  const { q, answer } = props;
  const empty = !answer || (!answer.text && !answer.choiceIds?.length && !answer.attachmentIds?.length);
  if (empty) return <p class="cc-hint">{t('sub.noAnswer')}</p>;
  const metas = (answer.attachmentIds ?? []).map((id) => props.detail.attachments.find((m) => m.id === id));
  return (
    <div class="cc-answer">
      {answer.text && <p class="cc-answer-text">{answer.text}</p>}
      {q.kind === 'choice' && (
        <ul class="cc-choice-list">
          {(q.choices ?? []).map((c) => {
            const chosen = answer.choiceIds?.includes(c.id) ?? false;
            return <li key={c.id} class={chosen ? 'cc-chosen' : undefined}>{chosen ? `☑ ${c.label} (${t('sub.chosen')})` : `☐ ${c.label}`}</li>;
          })}
        </ul>
      )}
      {metas.map((m, i) => (m ? <AttachmentView key={m.id} meta={m} n={i + 1} /> : <p key={i} class="cc-hint">{t('sub.incomplete')}</p>))}
    </div>
  );
}

function SubmissionBody(props: { detail: SubmissionDetail; classId: string; onChanged: (d: SubmissionDetail) => void }) {
  const { api, announce } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const { detail } = props;
  const { assignment, submission, student } = detail;
  const [draft, setDraft] = useState<FeedbackDraft>(() => feedbackDraft(assignment.questions, detail.feedback));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(feedbackDraft(assignment.questions, detail.feedback)), [detail.feedback, assignment.questions]);

  const rev = submission.submitted ?? submission.latest;
  const answers = new Map((rev?.answers ?? []).map((a) => [a.questionId, a]));
  const name = `${student.firstName} ${student.lastName}`;
  const setPq = (qid: string, patch: Partial<{ comment: string; points: string }>) =>
    setDraft({ ...draft, perQuestion: { ...draft.perQuestion, [qid]: { ...draft.perQuestion[qid]!, ...patch } } });

  const save = async (andReturn: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const req = feedbackRequest(assignment.questions, draft);
      if (!req.ok) {
        setError(req.problems.map((p) => t(p.key, p.params)).join(' '));
        return;
      }
      let feedback = await api.saveFeedback(submission.id, req.request);
      if (andReturn) feedback = await api.returnSubmission(submission.id);
      props.onChanged({ ...detail, feedback, submission: andReturn ? { ...submission, state: 'returned' } : submission });
      announce(andReturn ? t('sub.returned', { date: formatDate(feedback.returnedAt, lang) }) : t('app.saved'));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle>{t('sub.title', { name })}</ScreenTitle>
      <p><a href={href({ name: 'assignment-follow', classId: props.classId, assignmentId: assignment.id })}>{t('app.back')} — {assignment.title}</a></p>
      <p>
        {submission.submittedAt ? t('sub.submittedAt', { date: formatDate(submission.submittedAt, lang) }) : t('sub.notSubmitted')}
        {submission.late && <strong> — {t('sub.late')}</strong>}
      </p>
      <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void save(false); }}>
        {assignment.questions.map((q, i) => {
          const pq = draft.perQuestion[q.id]!;
          return (
            <section key={q.id} class="cc-question" aria-labelledby={`sq-${q.id}`}>
              <h2 id={`sq-${q.id}`}>{t('editor.questionN', { n: i + 1 })} <span class="cc-hint">({q.points} pt)</span></h2>
              <p class="cc-prompt">{q.prompt}</p>
              <h3 class="cc-label">{t('sub.answer')}</h3>
              <AnswerView q={q} answer={answers.get(q.id)} detail={detail} />
              <div class="cc-row">
                <div class="cc-field">
                  <label for={`fc-${q.id}`}>{t('sub.comment', { n: i + 1 })}</label>
                  <textarea id={`fc-${q.id}`} rows={2} value={pq.comment} onInput={(e) => setPq(q.id, { comment: e.currentTarget.value })} />
                </div>
                <div class="cc-field cc-field-small">
                  <label for={`fp-${q.id}`}>{t('sub.points', { n: i + 1, max: q.points })}</label>
                  <input id={`fp-${q.id}`} type="number" min={0} max={q.points} step={0.5} value={pq.points} onInput={(e) => setPq(q.id, { points: e.currentTarget.value })} />
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
            <input id="f-mark" type="number" min={0} step={0.5} value={draft.mark} onInput={(e) => setDraft({ ...draft, mark: e.currentTarget.value })} />
          </div>
          <div class="cc-field cc-field-small">
            <label for="f-max">{t('sub.maxMark')}</label>
            <input id="f-max" type="number" min={0} step={0.5} value={draft.maxMark} onInput={(e) => setDraft({ ...draft, maxMark: e.currentTarget.value })} />
          </div>
        </div>
        {error && <ErrorBox error={error} />}
        <p role="status">
          {detail.feedback?.returnedAt ? t('sub.returned', { date: formatDate(detail.feedback.returnedAt, lang) }) : detail.feedback ? t('sub.notReturned') : ''}
        </p>
        <div class="cc-actions">
          <button type="submit" disabled={busy}>{t('sub.saveFeedback')}</button>
          <button type="button" class="cc-primary" disabled={busy} onClick={() => void save(true)}>{t('sub.return')}</button>
        </div>
      </form>
    </>
  );
}

