/**
 * Which of the two apps a page is: the teacher console (`/console`, a teacher's or the kit's
 * browser) or the tablet app (everything else). One rule, by the router's own matching, used by
 * the entry (main.tsx) and the router (app.tsx), so they never disagree: the tablet's own
 * machinery — its IndexedDB, its health count, the update policy and check-in (issue 16) —
 * starts on the tablet app only.
 */
import { matchRoute } from './common/router.ts';

export const isConsolePath = (pathname: string): boolean => matchRoute('/console/*', pathname) !== null;
