/**
 * IT referent: import students from a CSV file or a SIECLE export in two steps (issue 19) —
 * « Vérifier sans importer » (dry run, in the future tense: nothing is changed yet), then
 * « Confirmer l'import », offered only under the check of that very file and option; the
 * server refuses a confirmation whose check no longer holds. The report lists who is created,
 * updated (name fixed, class moved, groups joined or left, back from the archive), archived,
 * missing from the file and refused (with line numbers), the school's UAI a first SIECLE
 * import records, and the secret codes generated for new students, printable once.
 */
import { useState } from 'preact/hooks';
import type { RosterImportReport } from '../../../protocol/console.ts';
import { rosterChangesText } from '../../../i18n/roster-report.ts';
import { useConsole } from '../console-context.ts';
import { labelSeparator, useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, ScreenTitle } from '../console-widgets.tsx';
import { SecretCards } from './secret-cards.tsx';

export function RosterImportScreen() {
  const { api, announce } = useConsole();
  const { t, te, tc, lang } = useConsoleI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<RosterImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [archiveMissing, setArchiveMissing] = useState(false);
  const send = async (mode: { dryRun: true } | { confirm: string }) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.importRoster(file, mode, archiveMissing);
      setReport(r);
      const counts = r.dryRun
        ? `${t('admin.roster.willCreate', { count: r.created.length })}, ${t('admin.roster.willUpdate', { count: r.updated.length })}`
        : `${t('admin.roster.done')} ${t('admin.roster.created', { count: r.created.length })}, ${t('admin.roster.updated', { count: r.updated.length })}`;
      announce(`${counts}, ${t('admin.roster.refused', { count: r.refused.length })}`);
    } catch (e) {
      setReport(null); // a check that no longer holds is not offered again: check anew
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  const confirmation = report?.dryRun ? report.confirmation : undefined;
  return (
    <>
      <div class="cc-no-print">
        <ScreenTitle>{t('admin.roster.title')}</ScreenTitle>
        <p id="r-formats">{t('admin.roster.formats')}</p>
        <p class="cc-hint" id="r-help">{t('admin.roster.help')}</p>
        <div class="cc-field">
          <label for="r-file">{t('admin.roster.file')}</label>
          <input id="r-file" type="file" accept=".csv,text/csv,.zip,.xml" aria-describedby="r-formats r-help" onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setReport(null); }} />
        </div>
        <p class="cc-check">
          <input id="r-archive" type="checkbox" checked={archiveMissing} onChange={(e) => { setArchiveMissing(e.currentTarget.checked); setReport(null); }} />
          <label for="r-archive">{t('admin.roster.archiveMissing')}</label>
        </p>
        <p class="cc-hint">{t('admin.roster.twoSteps')}</p>
        <p class="cc-actions">
          <button type="button" class={confirmation ? undefined : 'cc-primary'} disabled={!file || busy} onClick={() => void send({ dryRun: true })}>{t('admin.roster.dryRun')}</button>
        </p>
        {error && <ErrorBox error={error} />}
      </div>
      {report && (
        <section class="cc-report" aria-label={t('admin.roster.title')}>
          <div class="cc-no-print">
            {report.dryRun && <p class="cc-notice" role="status">{t('admin.roster.nothingYet')}</p>}
            {report.uai && (
              <p class={report.uai.adopted ? 'cc-notice' : undefined} data-uai={report.uai.value}>
                {t(!report.uai.adopted ? 'admin.roster.uaiSame' : report.dryRun ? 'admin.roster.uaiWill' : 'admin.roster.uaiDone', { uai: report.uai.value })}
              </p>
            )}
            {report.classesCreated.length > 0 && <p>{t(report.dryRun ? 'admin.roster.classesWillBeCreated' : 'admin.roster.classesCreated', { names: report.classesCreated.join(', ') })}</p>}
            {report.groupsCreated.length > 0 && <p>{t(report.dryRun ? 'admin.roster.groupsWillBeCreated' : 'admin.roster.groupsCreated', { names: report.groupsCreated.join(', ') })}</p>}
            <h2>{t(report.dryRun ? 'admin.roster.willCreate' : 'admin.roster.created', { count: report.created.length })}</h2>
            <ul>{report.created.map((r) => <li key={`c${r.line}`}>{r.className} — {r.lastName} {r.firstName}</li>)}</ul>
            <h2>{t(report.dryRun ? 'admin.roster.willUpdate' : 'admin.roster.updated', { count: report.updated.length })}</h2>
            <ul>{report.updated.map((r) => <li key={`u${r.line}`}>{r.className} — {r.lastName} {r.firstName}{labelSeparator(lang)}{rosterChangesText(r, report.dryRun, t, lang)}</li>)}</ul>
            <p>{t('admin.roster.unchanged', { count: report.unchanged })}</p>
            {report.archived.length > 0 && (
              <>
                <h2>{t(report.dryRun ? 'admin.roster.willArchive' : 'admin.roster.archived', { count: report.archived.length })}</h2>
                <ul>{report.archived.map((r) => <li key={`a${r.studentId}`}>{r.className} — {r.lastName} {r.firstName}</li>)}</ul>
              </>
            )}
            {report.missing.length > 0 && !archiveMissing && (
              <>
                <h2>{t('admin.roster.missing', { count: report.missing.length })}</h2>
                <p class="cc-hint">{t('admin.roster.missingHelp')}</p>
                <ul>{report.missing.map((r) => <li key={`m${r.studentId}`}>{r.className} — {r.lastName} {r.firstName}</li>)}</ul>
              </>
            )}
            <h2>{t('admin.roster.refused', { count: report.refused.length })}</h2>
            <ul>{report.refused.map((r) => <li key={`r${r.line}`}>{t(report.source === 'siecle' ? 'admin.roster.pupil' : 'admin.roster.line', { line: r.line, reason: tc(r.code, r.params) })}</li>)}</ul>
            {confirmation && (
              <p class="cc-actions">
                <button type="button" class="cc-primary" disabled={busy} onClick={() => void send({ confirm: confirmation })}>{t('admin.roster.import')}</button>
              </p>
            )}
          </div>
          {report.secrets.length > 0 && (
            <div class="cc-secrets">
              <h2>{t('admin.roster.secrets')}</h2>
              <button type="button" class="cc-no-print" onClick={() => print()}>{t('admin.roster.printSecrets')}</button>
              <SecretCards secrets={report.secrets} />
              <table class="cc-table">
                <thead><tr><th scope="col">{t('admin.students.class')}</th><th scope="col">{t('admin.students.last')}</th><th scope="col">{t('admin.students.first')}</th><th scope="col">{t('admin.students.secret')}</th></tr></thead>
                <tbody>
                  {report.secrets.map((s) => (
                    <tr key={s.studentId}><td>{s.className}</td><th scope="row">{s.lastName}</th><td>{s.firstName}</td><td class="cc-secret">{s.secret}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
