/**
 * Which of the two apps a page is: the teacher console (`/console`, a teacher's or the kit's
 * browser) or the tablet app (everything else). Decided once, from the address, by the entry
 * (main.tsx) and the router: the tablet's own machinery — its IndexedDB, its health count, the
 * update policy and check-in (issue 16) — starts on the tablet app only.
 */
export const isConsolePath = (pathname: string): boolean => pathname === '/console' || pathname.startsWith('/console/');
