/**
 * The console's history on a shared mini-PC (issue 19): every history entry of the tab is
 * stamped with the sign-in that made it (a random id kept beside the token in
 * sessionStorage, never the token), so that after a sign-out the next adult lands on their
 * own home and « Précédent » cannot bring back a screen of the previous one: an entry made by
 * another sign-in is replaced by home before anything of it is loaded.
 */
import { parseRoute, type ConsoleRoute } from './console-routes.ts';

const STAMP = 'ccSignIn';
const SIGN_IN_ID_KEY = 'cartable.console.signInId';
const SIGNED_OUT = 'signed-out';

/** The id of the current sign-in of this tab (null when signed out). */
export function signInId(storage: Storage = sessionStorage): string | null {
  return storage.getItem(SIGN_IN_ID_KEY);
}

/** A new sign-in: a fresh id; the current entry becomes home (unless `keepRoute`: the same adult back after an expiry). */
export function startSignIn(keepRoute: boolean, storage: Storage = sessionStorage): ConsoleRoute {
  const id = crypto.randomUUID();
  storage.setItem(SIGN_IN_ID_KEY, id);
  if (keepRoute) history.replaceState({ ...(history.state as object | null), [STAMP]: id }, '');
  else history.replaceState({ [STAMP]: id }, '', `${location.pathname}#/`);
  return parseRoute(location.hash);
}

/** Sign-out: no id any more, and the current entry is the bare console (no route of the previous adult). */
export function endSignIn(storage: Storage = sessionStorage): ConsoleRoute {
  storage.removeItem(SIGN_IN_ID_KEY);
  history.replaceState({ [STAMP]: SIGNED_OUT }, '', location.pathname);
  return parseRoute('');
}

/**
 * The route of the entry the tab is on now (after a link or « Précédent »): a new entry is
 * stamped as this sign-in's; one stamped by another sign-in (or by a signed-out screen) goes home.
 */
export function currentRoute(storage: Storage = sessionStorage): ConsoleRoute {
  const id = signInId(storage);
  const stamp = (history.state as Record<string, unknown> | null)?.[STAMP];
  if (id && stamp !== undefined && stamp !== id) {
    history.replaceState({ [STAMP]: id }, '', `${location.pathname}#/`);
    return parseRoute('');
  }
  if (id && stamp === undefined) history.replaceState({ ...(history.state as object | null), [STAMP]: id }, '');
  return parseRoute(location.hash);
}
