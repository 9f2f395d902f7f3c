/**
 * IT referent: the audit log of adults' actions (issue 19) — who, what, when, on what —
 * filtered by action, person and period (GET /api/audit), and the same selection exported as
 * a French spreadsheet (GET /api/audit.csv, fetched with the session and saved under its name).
 * Action names come from src/i18n/audit-fr.ts, as in the CSV.
 */
import { useState } from 'preact/hooks';
import type { AuditEntry, AuditQuery } from '../../../protocol/console.ts';
import { AUDIT_ACTION_FR, auditActionLabel, AUDIT_COMMAND_LINE } from '../../../i18n/audit-fr.ts';
import { AUDIT_ACTION_EN } from '../../../i18n/audit-en.ts';
import { useConsole } from '../console-context.ts';
import { formatDate, useConsoleI18n, type Translate } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { saveFile } from '../save-file.ts';

/** The facts of an entry worth reading (counts, a mark), in words; ids are left out. */
function detailsText(e: AuditEntry, t: Translate): string {
  const d = e.details;
  const n = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : 0);
  if (e.action === 'roster_import') {
    return t('admin.audit.importCounts', { created: n('created'), updated: n('updated'), archived: n('archived'), refused: n('refused') });
  }
  if (e.action === 'return' && typeof d.mark === 'number') return t('admin.audit.mark', { mark: d.mark });
  return '';
}

export function AuditScreen() {
  const { api, announce } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const [draft, setDraft] = useState<AuditQuery>({});
  const [query, setQuery] = useState<AuditQuery>({});
  const [error, setError] = useState<string | null>(null);
  const users = useLoad(() => api.users(), []);
  const entries = useLoad(() => api.audit(query), [JSON.stringify(query)]);
  const label = (a: string) => (lang === 'en' ? AUDIT_ACTION_EN[a] ?? a : auditActionLabel(a));
  const set = (k: keyof AuditQuery, v: string) => setDraft({ ...draft, [k]: v || undefined });
  const exportCsv = async () => {
    setError(null);
    try {
      const { blob, name } = await api.auditCsv(query);
      saveFile(blob, name);
      announce(t('admin.audit.exported'));
    } catch (e) {
      setError(te(e));
    }
  };
  return (
    <>
      <ScreenTitle>{t('admin.audit.title')}</ScreenTitle>
      <p class="cc-hint">{t('admin.audit.help')}</p>
      <form class="cc-form" aria-label={t('admin.audit.filters')} onSubmit={(e) => { e.preventDefault(); setQuery(draft); }}>
        <div class="cc-row">
          <div class="cc-field">
            <label for="a-action">{t('admin.audit.action')}</label>
            <select id="a-action" value={draft.action ?? ''} onChange={(e) => set('action', e.currentTarget.value)}>
              <option value="">{t('admin.audit.all')}</option>
              {Object.keys(AUDIT_ACTION_FR).map((a) => <option key={a} value={a}>{label(a)}</option>)}
            </select>
          </div>
          <div class="cc-field">
            <label for="a-actor">{t('admin.audit.who')}</label>
            <select id="a-actor" value={draft.actorId ?? ''} onChange={(e) => set('actorId', e.currentTarget.value)}>
              <option value="">{t('admin.audit.everyone')}</option>
              {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.displayName}</option>)}
            </select>
          </div>
          <div class="cc-field"><label for="a-from">{t('admin.audit.from')}</label><input id="a-from" type="date" value={draft.from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} /></div>
          <div class="cc-field"><label for="a-to">{t('admin.audit.to')}</label><input id="a-to" type="date" value={draft.to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} /></div>
        </div>
        <div class="cc-row">
          <button type="submit" class="cc-primary">{t('admin.audit.apply')}</button>
          <button type="button" onClick={() => void exportCsv()}>{t('admin.audit.csv')}</button>
        </div>
      </form>
      {error && <ErrorBox error={error} />}
      <LoadGate loaded={entries}>
        {(list) =>
          list.length === 0 ? (
            <p role="status">{t('admin.audit.none')}</p>
          ) : (
            <table class="cc-table">
              <caption>{t('admin.audit.count', { count: list.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.when')}</th><th scope="col">{t('admin.audit.who')}</th><th scope="col">{t('admin.audit.action')}</th>
                  <th scope="col">{t('admin.audit.target')}</th><th scope="col">{t('admin.audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e, i) => (
                  <tr key={`${e.at}-${i}`}>
                    <td><time dateTime={e.at}>{formatDate(e.at, lang)}</time></td>
                    <th scope="row">{e.actorName || (lang === 'en' ? t('admin.audit.commandLine') : AUDIT_COMMAND_LINE)}</th>
                    <td>{label(e.action)}</td>
                    <td>{e.targetLabel ?? '—'}</td>
                    <td>{detailsText(e, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadGate>
    </>
  );
}
