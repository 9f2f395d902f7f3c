/**
 * « Carnet de notes »: the class's published assignments (columns, oldest first) × its pupils
 * (rows), each cell the mark (French decimals, out of the column's « sur 7 »), or what is
 * missing, waiting to be marked or late; each pupil's average on 20 and the class's. A mark
 * links to the copy on the marking desk. « Télécharger pour un tableur » gets the same as a CSV
 * for a French spreadsheet (GET /api/classes/:id/gradebook.csv).
 */
import { useState } from 'preact/hooks';
import type { Gradebook, GradebookAssignment, GradebookCell } from '../../protocol/gradebook.ts';
import type { StudentCard } from '../../protocol/entities.ts';
import { href, useConsole } from './console-context.ts';
import { formatDate, formatDecimal, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { saveFile } from './save-file.ts';

function Cell(props: { cell: GradebookCell; classId: string; assignment: GradebookAssignment; student: StudentCard }) {
  const { t, lang } = useConsoleI18n();
  const { cell, classId, assignment, student } = props;
  let content;
  if (cell.mark !== null) {
    const unreturned = cell.status === 'marked';
    content = (
      <span class={unreturned ? 'cc-gb-mark cc-gb-unreturned' : 'cc-gb-mark'} title={unreturned ? t('gb.notReturned') : undefined}>
        {formatDecimal(cell.mark, lang)}
        {cell.maxMark !== null && cell.maxMark !== assignment.outOf && <span class="cc-gb-max"> / {formatDecimal(cell.maxMark, lang)}</span>}
        {unreturned && <span class="cc-visually-hidden"> ({t('gb.notReturned')})</span>}
      </span>
    );
  } else if (cell.status === 'not_assigned') {
    content = <span class="cc-gb-none"><span aria-hidden="true">—</span><span class="cc-visually-hidden">{t('gb.st.not_assigned')}</span></span>;
  } else {
    const label = cell.status === 'returned' || cell.status === 'marked' ? t('gb.st.returnedNoMark') : t(`gb.st.${cell.status}`);
    content = <span class={`cc-gb-st cc-gb-st-${cell.status}`}>{label}</span>;
  }
  const name = `${student.firstName} ${student.lastName}`;
  // The link's name starts with what it shows (« 6,5 », « À corriger »), then says where it goes.
  const shown = cell.mark !== null ? `${formatDecimal(cell.mark, lang)}${cell.status === 'marked' ? ` (${t('gb.notReturned')})` : ''}` : t(cell.status === 'returned' || cell.status === 'marked' ? 'gb.st.returnedNoMark' : 'gb.st.to_mark');
  return (
    <td data-status={cell.status}>
      {cell.submissionId && cell.status !== 'pending' && cell.status !== 'missing' ? (
        <a href={href({ name: 'submission', classId, assignmentId: assignment.id, submissionId: cell.submissionId })} aria-label={`${shown} — ${t('gb.open', { name, title: assignment.title })}`}>{content}</a>
      ) : content}
      {cell.late && <span class="cc-gb-late"> {t('gb.late')}</span>}
    </td>
  );
}

function GradebookTable(props: { g: Gradebook; classId: string }) {
  const { t, lang } = useConsoleI18n();
  const { g, classId } = props;
  const avg = (n: number | null) => (n === null ? '' : formatDecimal(n, lang));
  return (
    <div class="cc-gb-scroll" tabIndex={0} role="region" aria-label={t('gb.caption', { name: g.className })}>
      <table class="cc-table cc-gb">
        <caption>{t('gb.caption', { name: g.className })}</caption>
        <thead>
          <tr>
            <th scope="col" class="cc-gb-name">{t('gb.student')}</th>
            {g.assignments.map((a) => (
              <th scope="col" key={a.id}>
                <a href={href({ name: 'assignment-follow', classId, assignmentId: a.id })}>{a.title}</a>
                <span class="cc-gb-head">{t('gb.outOf', { max: formatDecimal(a.outOf, lang) })}</span>
                {a.dueAt && <span class="cc-gb-head">{t('gb.due', { date: formatDate(a.dueAt, lang) })}</span>}
                {a.groupName && <span class="cc-gb-head">{t('gb.group', { name: a.groupName })}</span>}
              </th>
            ))}
            <th scope="col">{t('gb.average')}</th>
            <th scope="col">{t('gb.lateCount')}</th>
            <th scope="col">{t('gb.missingCount')}</th>
          </tr>
        </thead>
        <tbody>
          {g.rows.map((r) => (
            <tr key={r.student.id}>
              <th scope="row" class="cc-gb-name">{r.student.lastName} {r.student.firstName}</th>
              {r.cells.map((c, j) => <Cell key={c.assignmentId} cell={c} classId={classId} assignment={g.assignments[j]!} student={r.student} />)}
              <td class="cc-gb-avg">{avg(r.averageOn20)}</td>
              <td>{r.lateCount || ''}</td>
              <td class={r.missingCount ? 'cc-gb-missing' : undefined}>{r.missingCount || ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" class="cc-gb-name">{t('gb.classAverage')}</th>
            {g.assignments.map((a) => <td key={a.id}>{a.averageOn20 === null ? '' : `${avg(a.averageOn20)} / 20`}</td>)}
            <td class="cc-gb-avg">{avg(g.classAverageOn20)}</td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function GradebookScreen(props: { classId: string; className: string }) {
  const { api, announce } = useConsole();
  const { t } = useConsoleI18n();
  const loaded = useLoad(() => api.gradebook(props.classId), [props.classId]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, name } = await api.gradebookCsv(props.classId);
      saveFile(blob, name);
      announce(t('gb.csvDone', { name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ScreenTitle>{t('gb.title', { name: props.className })}</ScreenTitle>
      <p>{t('gb.intro')}</p>
      <p class="cc-actions">
        <button type="button" class="cc-primary" disabled={busy} onClick={() => void download()}>{t('gb.csv')}</button>
        <button type="button" onClick={loaded.reload}>{t('gb.refresh')}</button>
      </p>
      {error !== null && <ErrorBox error={error} />}
      <LoadGate loaded={loaded}>
        {(g) => g.assignments.length === 0 ? <p>{t('gb.empty')}</p>
          : g.rows.length === 0 ? <p>{t('gb.noStudents')}</p>
          : (
            <>
              <GradebookTable g={g} classId={props.classId} />
              <p class="cc-gb-legend">{t('gb.legend')}</p>
            </>
          )}
      </LoadGate>
    </>
  );
}
