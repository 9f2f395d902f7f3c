/**
 * Reads Dexie through `liveQuery`: the component re-renders whenever the tables the
 * query touched change (in this tab or, via BroadcastChannel, from the sync worker). A query
 * that fails throws during render, so the screen's ScreenBoundary shows an error and a way
 * out instead of « Chargement… » forever.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export interface LiveQueryOptions<T> {
  /** A new result equal to the shown one keeps the old one: no re-render (e.g. `sameData`). */
  equal?: (previous: T, next: T) => boolean;
}

/** `undefined` until the first result; `deps` restart the query (like useEffect's). */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[], options: LiveQueryOptions<T> = {}): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    setValue(undefined); // never show the previous student's / record's rows under new deps
    setFailure(null);
    let shown: { value: T } | null = null;
    // A query that throws before its first await (an unknown table…) would escape liveQuery
    // as an uncaught error and leave « Chargement… » on screen: make it a rejection too.
    const guarded = (): Promise<T> | T => {
      try {
        return query();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const sub = liveQuery(guarded).subscribe({
      next: (v) => {
        if (shown && options.equal?.(shown.value, v)) return; // a sync wrote rows this screen does not show
        shown = { value: v };
        setValue(() => v);
      },
      error: (err: unknown) => setFailure({ error: err }),
    });
    return () => sub.unsubscribe();
  }, deps);
  if (failure) throw failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  return value;
}
