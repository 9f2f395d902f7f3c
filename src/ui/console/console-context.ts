/** What every console screen reads: the API client, the signed-in user, and navigation. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionUser } from '../../protocol/auth.ts';
import type { ConsoleApi } from './console-api.ts';
import type { ConsoleRoute } from './console-routes.ts';
import { routeHash } from './console-routes.ts';

export interface ConsoleContextValue {
  api: ConsoleApi;
  user: SessionUser;
  /** Shows a short message in the live region (screen readers announce it). */
  announce: (message: string) => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside <ConsoleApp>');
  return c;
}

/** Goes to a console route (a hash change: back/forward work). */
export function go(route: ConsoleRoute): void {
  location.hash = routeHash(route);
}

/** The href of a route, for links. */
export const href = (route: ConsoleRoute): string => routeHash(route);
