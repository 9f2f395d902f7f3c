/**
 * Reads Dexie through `liveQuery`: the component re-renders whenever the tables the
 * query touched change (in this tab or, via BroadcastChannel, from the sync worker).
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** `undefined` until the first result; `deps` restart the query (like useEffect's). */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    setValue(undefined); // never show the previous student's / record's rows under new deps
    const sub = liveQuery(query).subscribe({
      next: (v) => setValue(() => v),
      error: (err: unknown) => console.error('liveQuery failed', err),
    });
    return () => sub.unsubscribe();
  }, deps);
  return value;
}
