/**
 * « Feuilles rendues » (issue 15): the teacher photographs the returned sheets one after
 * another, or chooses the copier's PDF; the scan worker reads each page (src/scan/page/
 * scan-bridge.ts — nothing heavy on the main thread) and the page goes to the server with what
 * was read: it lands in its pupil's copy by itself, or in the tray « À attribuer » when its
 * code cannot be read, where the teacher assigns it by hand. Each page's fate is listed (and
 * announced); pupils' received pages link to their copy.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StudentCard } from '../../protocol/entities.ts';
import type { SubmissionRow } from '../../protocol/console.ts';
import type { PaperReturnOutcome, PaperReturnsView, ReturnedPage } from '../../protocol/paper-returns.ts';
import { encodeBoxes } from '../../protocol/paper-sheet.ts';
import { readSheets } from '../../scan/page/scan-bridge.ts';
import { href, useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';

type Line = { key: string; text: string; error?: boolean };

export function PaperReturnsPanel(props: { assignmentId: string; classId: string; students: StudentCard[]; packsKey: string; onReceived: () => Promise<void> }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [view, setView] = useState<PaperReturnsView | null>(null);
  const [rows, setRows] = useState<SubmissionRow[]>([]);
  const [lines, setLines] = useState<Line[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const nameOf = (id: string | null) => {
    const s = props.students.find((x) => x.id === id);
    return s ? `${s.firstName} ${s.lastName}` : '';
  };
  const refresh = async () => {
    const [v, r] = await Promise.all([api.paperReturns(props.assignmentId), api.submissions(props.assignmentId)]);
    setView(v);
    setRows(r);
  };
  // Again when packs are printed (their layouts are what the sheets are read against).
  useEffect(() => { void refresh().catch(() => undefined); }, [props.assignmentId, props.packsKey]);
  useEffect(() => () => abort.current?.abort(), []);

  const say = (o: PaperReturnOutcome): string => {
    const name = nameOf(o.studentId);
    switch (o.outcome) {
      case 'attached': return o.unsure ? t('returns.attachedUnsure', { name, page: o.page ?? 0, count: o.unsure }) : t('returns.attached', { name, page: o.page ?? 0 });
      case 'duplicate': return o.studentId ? t('returns.duplicate', { name, page: o.page ?? 0 }) : t('returns.duplicateTray');
      case 'tray': return t('returns.tray');
      case 'letter': return t('returns.letter', { name });
    }
  };

  const read = async (files: File[]) => {
    if (!files.length) return;
    const fresh = await api.paperReturns(props.assignmentId).catch(() => view);
    if (!fresh) return;
    setView(fresh);
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    let count = 0;
    const out: Line[] = [];
    const push = (l: Line) => { out.unshift(l); setLines([...out]); };
    try {
      for (const file of files) {
        if (ctl.signal.aborted) break;
        setProgress(t('returns.readingFile', { name: file.name }));
        try {
          await readSheets(file, fresh.layouts, async (sheet, n, total) => {
            if (total > 1) setProgress(t('returns.reading', { n, total }));
            const key = `${file.name}-${n}-${Date.now()}`;
            try {
              const outcome = sheet.kind === 'read'
                ? await api.sendReturnedPage(props.assignmentId, sheet.image, { code: sheet.code, page: sheet.page, layoutVersion: sheet.layoutVersion, boxes: sheet.boxes ? encodeBoxes(sheet.boxes) : '' })
                : await api.sendReturnedPage(props.assignmentId, sheet.image);
              push({ key, text: say(outcome) });
            } catch (e) {
              push({ key, text: t('returns.failed', { file: total > 1 ? `${file.name} (${n}/${total})` : file.name, message: te(e) }), error: true });
            }
            count++;
          }, ctl.signal);
        } catch (e) {
          if ((e as Error).name === 'AbortError') break;
          push({ key: `${file.name}-err`, text: t('returns.failed', { file: file.name, message: t('returns.unreadable') }), error: true });
        }
      }
    } finally {
      setProgress(null);
      abort.current = null;
      announce(t('returns.done', { count }));
      await refresh().catch(() => undefined);
      await props.onReceived();
    }
  };

  if (!view) return null;
  const noPacks = Object.keys(view.layouts).length === 0 && !view.received.length;
  const byPupil = new Map<string, ReturnedPage[]>();
  for (const p of view.received) byPupil.set(p.studentId!, [...(byPupil.get(p.studentId!) ?? []), p]);
  const subOf = new Map(rows.flatMap((r) => (r.submission ? [[r.student.id, r.submission.id] as const] : [])));
  return (
    <section aria-labelledby="cc-returns" class="cc-returns">
      <h2 id="cc-returns">{t('returns.title')}</h2>
      <p class="cc-hint">{noPacks ? t('returns.noPacks') : t('returns.hint')}</p>
      <div class="cc-actions cc-returns-pick">
        <label class="cc-button cc-file-button">
          {t('returns.camera')}
          <input type="file" accept="image/*" capture="environment" disabled={noPacks || !!progress} onChange={(e) => { const f = [...(e.currentTarget.files ?? [])]; e.currentTarget.value = ''; void read(f); }} />
        </label>
        <label class="cc-button cc-file-button">
          {t('returns.files')}
          <input type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" disabled={noPacks || !!progress} onChange={(e) => { const f = [...(e.currentTarget.files ?? [])]; e.currentTarget.value = ''; void read(f); }} />
        </label>
        {progress && <button type="button" onClick={() => abort.current?.abort()}>{t('returns.stop')}</button>}
      </div>
      <p role="status" class="cc-returns-progress">{progress ?? ''}</p>
      {lines.length > 0 && (
        <>
          <h3>{t('returns.results')}</h3>
          <ul class="cc-returns-lines">{lines.map((l) => <li key={l.key} class={l.error ? 'cc-error' : undefined}>{l.text}</li>)}</ul>
        </>
      )}
      <h3>{t('returns.received')}</h3>
      {byPupil.size === 0 ? <p class="cc-hint">{t('returns.noneReceived')}</p> : (
        <ul class="cc-returns-received">
          {[...byPupil].map(([id, pages]) => {
            const unsure = pages.reduce((n, p) => n + p.unsure, 0);
            const sub = subOf.get(id);
            const nums = pages.map((p) => p.page!).sort((a, b) => a - b);
            return (
              <li key={id} data-received={id}>
                <strong>{nameOf(id)}</strong> — {t('returns.receivedPages', { count: nums.length, pages: nums.join(', '), total: view.packPages[id] ?? '?' })}
                {unsure > 0 && <> · <strong class="cc-warn">{t('returns.toCheck', { count: unsure })}</strong></>}
                {sub && <> · <a href={href({ name: 'submission', classId: props.classId, assignmentId: props.assignmentId, submissionId: sub })}>{t('returns.openCopy', { name: nameOf(id) })}</a></>}
              </li>
            );
          })}
        </ul>
      )}
      <Tray assignmentId={props.assignmentId} view={view} students={props.students} onChanged={async (msg) => { announce(msg); await refresh(); await props.onReceived(); }} />
    </section>
  );
}

/** The tray « À attribuer »: pages whose code could not be read, assigned by hand. */
function Tray(props: { assignmentId: string; view: PaperReturnsView; students: StudentCard[]; onChanged: (message: string) => Promise<void> }) {
  const { t, te, lang } = useConsoleI18n();
  const { api } = useConsole();
  const [error, setError] = useState<string | null>(null);
  const withPack = props.students.filter((s) => props.view.packPages[s.id]);
  return (
    <section aria-labelledby="cc-tray" class="cc-tray">
      <h3 id="cc-tray">{t('returns.trayTitle', { count: props.view.tray.length })}</h3>
      {props.view.tray.length === 0 ? <p class="cc-hint">{t('returns.trayEmpty')}</p> : <p class="cc-hint">{t('returns.trayHint')}</p>}
      {error && <p role="alert" class="cc-error">{error}</p>}
      <ul class="cc-tray-list">
        {props.view.tray.map((p, i) => (
          <TrayPage key={p.id} n={i + 1} page={p} students={withPack} packPages={props.view.packPages} label={t('returns.trayImage', { n: i + 1, date: formatDate(p.receivedAt, lang) })}
            onAssign={async (studentId, page) => {
              setError(null);
              try {
                await api.assignTrayPage(props.assignmentId, p.id, { studentId, page });
                const s = props.students.find((x) => x.id === studentId);
                await props.onChanged(t('returns.assigned', { name: s ? `${s.firstName} ${s.lastName}` : '', page }));
              } catch (e) { setError(te(e)); }
            }}
            onDiscard={async () => {
              setError(null);
              try {
                await api.discardTrayPage(props.assignmentId, p.id);
                await props.onChanged(t('returns.discarded'));
              } catch (e) { setError(te(e)); }
            }} />
        ))}
      </ul>
    </section>
  );
}

function TrayPage(props: { n: number; page: ReturnedPage; label: string; students: StudentCard[]; packPages: Record<string, number>; onAssign: (studentId: string, page: number) => Promise<void>; onDiscard: () => Promise<void> }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const [src, setSrc] = useState<string | null>(null);
  const [pupil, setPupil] = useState('');
  const [page, setPage] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    api.attachmentUrl(props.page.url).then((u) => { made = u; if (live) setSrc(u); else URL.revokeObjectURL(u); }, () => undefined);
    return () => { live = false; if (made) URL.revokeObjectURL(made); };
  }, [props.page.url]);
  const pages = pupil ? props.packPages[pupil] ?? 0 : 0;
  const run = async (f: () => Promise<void>) => { setBusy(true); try { await f(); } finally { setBusy(false); } };
  return (
    <li class="cc-tray-page">
      <figure>
        {src ? <a href={src} target="_blank" rel="noopener" class="cc-tray-zoom"><img src={src} alt={props.label} decoding="async" /></a> : <div class="cc-tray-placeholder" role="img" aria-label={props.label} />}
        <figcaption class="cc-hint">{props.label}</figcaption>
      </figure>
      <div class="cc-field">
        <label for={`tray-pupil-${props.page.id}`}>{t('returns.trayPupil', { n: props.n })}</label>
        <select id={`tray-pupil-${props.page.id}`} value={pupil} onChange={(e) => { setPupil(e.currentTarget.value); setPage(''); }}>
          <option value="">{t('returns.choosePupil')}</option>
          {props.students.map((s) => <option key={s.id} value={s.id}>{s.firstName} {s.lastName}</option>)}
        </select>
      </div>
      <div class="cc-field">
        <label for={`tray-page-${props.page.id}`}>{t('returns.trayPage', { n: props.n })}</label>
        <select id={`tray-page-${props.page.id}`} value={page} disabled={!pupil} onChange={(e) => setPage(e.currentTarget.value)}>
          <option value="">—</option>
          {Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2).map((n) => <option key={n} value={String(n)}>{t('returns.pageN', { page: n })}</option>)}
        </select>
      </div>
      <p class="cc-actions">
        <button type="button" class="cc-primary" disabled={!pupil || !page || busy} onClick={() => void run(() => props.onAssign(pupil, Number(page)))}>{t('returns.assign')}</button>
        <button type="button" disabled={busy} onClick={() => void run(props.onDiscard)}>{t('returns.discard')}</button>
      </p>
    </li>
  );
}
