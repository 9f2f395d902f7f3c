/**
 * A roster import's report in words (issue 19's report, worded once): what changes for a pupil
 * found again — used by the console's screen — and the whole report as lines of text for the
 * admin command line (`npm run admin -- import-roster`), which the IT referent reads in French
 * like the console (the same sentences, the refusals from their codes).
 */
import type { RosterImportReport, RosterUpdatedRow } from '../protocol/console.ts';
import { labelSeparator, listSeparator, makeTranslate, makeTranslateCode, type ConsoleLang, type Translate } from './console-words.ts';

/** What an import changes for a pupil found again, in words (future tense in a dry run). */
export function rosterChangesText(r: RosterUpdatedRow, future: boolean, t: Translate, lang: ConsoleLang): string {
  const f = future ? 'Future' : '';
  return r.changes
    .map((c) => {
      switch (c) {
        case 'name': return t(`admin.roster.change.name${f}`, { from: r.fromName ?? '' });
        case 'class': return t(`admin.roster.change.class${f}`, { from: r.fromClassName ?? '', to: r.className });
        case 'back': return t(`admin.roster.change.back${f}`);
        case 'secret': return t('admin.roster.change.secret');
        case 'id': return t('admin.roster.change.id');
        case 'groups': return [
          r.groupsJoined?.length ? t(`admin.roster.change.groupsJoined${f}`, { count: r.groupsJoined.length, names: r.groupsJoined.join(', ') }) : '',
          r.groupsLeft?.length ? t(`admin.roster.change.groupsLeft${f}`, { count: r.groupsLeft.length, names: r.groupsLeft.join(', ') }) : '',
        ].filter(Boolean).join(listSeparator(lang));
        default: return '';
      }
    })
    .filter(Boolean)
    .join(listSeparator(lang));
}

/**
 * The report as the command line prints it: the UAI, who is (or would be) created, updated,
 * archived, missing and refused, then the generated secrets (class, last name, first name,
 * secret, tab-separated, to paste into a spreadsheet). `archiveMissing`: the option was given.
 */
export function rosterReportLines(r: RosterImportReport, lang: ConsoleLang, archiveMissing: boolean): string[] {
  const t = makeTranslate(lang);
  const tc = makeTranslateCode(lang);
  const sep = labelSeparator(lang);
  const future = r.dryRun;
  const who = (x: { className: string; lastName: string; firstName: string }) => `  ${x.className} — ${x.lastName} ${x.firstName}`;
  const out: string[] = [t(future ? 'admin.roster.cli.dryRun' : 'admin.roster.done')];
  if (r.uai) out.push(t(!r.uai.adopted ? 'admin.roster.uaiSame' : future ? 'admin.roster.uaiWill' : 'admin.roster.uaiDone', { uai: r.uai.value }));
  if (r.classesCreated.length) out.push(t(future ? 'admin.roster.classesWillBeCreated' : 'admin.roster.classesCreated', { names: r.classesCreated.join(', ') }));
  if (r.groupsCreated.length) out.push(t(future ? 'admin.roster.groupsWillBeCreated' : 'admin.roster.groupsCreated', { names: r.groupsCreated.join(', ') }));
  out.push(t(future ? 'admin.roster.willCreate' : 'admin.roster.created', { count: r.created.length }), ...r.created.map(who));
  out.push(t(future ? 'admin.roster.willUpdate' : 'admin.roster.updated', { count: r.updated.length }), ...r.updated.map((u) => `${who(u)}${sep}${rosterChangesText(u, future, t, lang)}`));
  out.push(t('admin.roster.unchanged', { count: r.unchanged }));
  if (r.archived.length) out.push(t(future ? 'admin.roster.willArchive' : 'admin.roster.archived', { count: r.archived.length }), ...r.archived.map(who));
  if (r.missing.length && !archiveMissing) out.push(`${t('admin.roster.missing', { count: r.missing.length })} ${t('admin.roster.cli.missingHelp')}`, ...r.missing.map(who));
  out.push(t('admin.roster.refused', { count: r.refused.length }));
  for (const x of r.refused) out.push(`  ${t(r.source === 'siecle' ? 'admin.roster.pupil' : 'admin.roster.line', { line: x.line, reason: tc(x.code, x.params) })}`);
  if (r.secrets.length) {
    out.push(t('admin.roster.secrets'));
    for (const s of r.secrets) out.push(`  ${s.className}\t${s.lastName}\t${s.firstName}\t${s.secret}`);
  }
  return out;
}
