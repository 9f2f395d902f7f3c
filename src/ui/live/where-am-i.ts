/** Where the pupil is on the tablet, for the teacher's room: the screen (from the route) and the question they are in (from focus). */
import { useEffect, useState } from 'preact/hooks';
import { matchRoute } from '../common/router.ts';
import type { LiveProgressRequest } from '../../protocol/live.ts';

/** The screen and the assignment or lesson on it. Pure. */
export function screenOf(path: string): Pick<LiveProgressRequest, 'screen' | 'itemId'> {
  const a = matchRoute('/assignments/:id', path);
  if (a) return { screen: 'assignment', itemId: a.id! };
  const l = matchRoute('/lessons/:id', path);
  if (l) return { screen: 'lesson', itemId: l.id! };
  if (matchRoute('/', path)) return { screen: 'home', itemId: null };
  return { screen: 'other', itemId: null };
}

/** 1-based index of the question holding the focus (the one being answered); null until one does. */
export function useQuestionOnScreen(path: string): number | null {
  const [question, setQuestion] = useState<number | null>(null);
  useEffect(() => {
    setQuestion(null);
    const onFocus = (e: FocusEvent) => {
      const section = e.target instanceof Element ? e.target.closest('section.question') : null;
      if (!section) return;
      const i = [...document.querySelectorAll('section.question')].indexOf(section);
      if (i >= 0) setQuestion(i + 1);
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [path]);
  return question;
}
