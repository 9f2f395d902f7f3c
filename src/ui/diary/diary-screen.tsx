/**
 * « Cahier de textes »: the pupil's work by due date (diary-days.ts), each with its subject as
 * a coloured label and the teacher's name, « Nouveau » and « Corrigé ! » since their last visit.
 * The last visit is read once when the screen opens (the marks stay while the pupil looks),
 * and this visit is remembered as soon as it has been shown.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { sameData } from '../common/same-data.ts';
import type { StudentScope } from '../common/student-scope.ts';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { onLinkClick } from '../common/router.ts';
import { BackLink } from '../common/back-link.tsx';
import { WorkStatusBadge } from '../common/work-status-badge.tsx';
import { subjectColour } from '../common/subject-colour.ts';
import { formatDate, t } from '../../i18n/i18n.ts';
import { DIARY_DAYS } from './diary-days.ts';
import { lastDiaryVisit, loadDiaryData, recordDiaryVisit, type DiaryItem } from './diary-data.ts';
import type { DiaryVisitRow } from '../../db/schema.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface DiaryScreenProps {
  db: CartableDb;
  scope: StudentScope;
}

export function DiaryScreen({ db, scope }: DiaryScreenProps) {
  const sid = scope.studentId;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  // undefined: still reading; null: first visit.
  const [last, setLast] = useState<DiaryVisitRow | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void lastDiaryVisit(db, sid).then((v) => live && setLast(v), () => live && setLast(null));
    return () => { live = false; };
  }, [db, sid]);
  const data = useLiveQuery(async () => (last === undefined ? null : loadDiaryData(db, scope, last)), [db, scope, last], { equal: sameData });
  const seenKey = data ? JSON.stringify(data.seen) : '';
  useEffect(() => {
    if (data) void recordDiaryVisit(db, sid, data.seen).catch(() => undefined); // a full disk only costs the marks
  }, [seenKey]);

  const empty = data && DIARY_DAYS.every((d) => data.days[d].length === 0);
  return (
    <div class="diary">
      <BackLink />
      <h1 tabIndex={-1} ref={heading}>{t('diary.title')}</h1>
      {empty && <p class="muted">{t('diary.empty')}</p>}
      {data && DIARY_DAYS.map((d) => data.days[d].length === 0 ? null : (
        <section key={d} aria-labelledby={`diary-${d}`}>
          <h2 id={`diary-${d}`}>{t(`diary.day.${d}`)}</h2>
          <ul class="item-list">
            {data.days[d].map((item) => <DiaryEntry key={item.id} item={item} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}

function DiaryEntry({ item }: { item: DiaryItem }) {
  const colour = item.subject ? subjectColour(item.subject) : null;
  const v = item.view;
  return (
    <li>
      <a class="item-link diary-item" href={`/assignments/${encodeURIComponent(item.id)}`} onClick={onLinkClick}
        style={colour ? { borderLeftColor: colour.edge } : undefined}>
        {item.subject && <span class="subject-label" style={{ background: colour!.tint, borderColor: colour!.edge }}>{item.subject}</span>}
        <span class="title">{item.title}</span>
        {item.isNew && <span class="badge new">{t('diary.new')}</span>}
        {item.corrected && <span class="badge received">{t('diary.corrected')}</span>}
        <span class="diary-meta muted">
          {item.teacher && <><span>{t('diary.teacher', { name: item.teacher })}</span><span aria-hidden="true">·</span></>}
          <span>{item.dueAt ? t('home.due', { date: formatDate(item.dueAt) }) : t('home.noDue')}</span>
        </span>
        {/* « Corrigé ! » already says it; its mark instead of a second « Corrigé ». */}
        {v.status !== 'not_started' && v.status !== 'draft' && !item.corrected && <WorkStatusBadge view={v} />}
        {item.corrected && v.mark && v.mark.mark !== null && <span class="badge received">{t('feedback.mark', { mark: v.mark.mark, max: v.mark.maxMark })}</span>}
        {v.status === 'draft' && <span class="badge state">{t('home.group.draft')}</span>}
      </a>
    </li>
  );
}
