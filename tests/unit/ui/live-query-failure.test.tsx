// @vitest-environment happy-dom
/**
 * A live query of IndexedDB that fails shows an error and a way out — « Réessayer » and
 * « Retour à l'accueil » — through the screen's ScreenBoundary, never « Chargement… »
 * forever. Real Dexie on fake-indexeddb, real Preact rendering into a DOM (happy-dom).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { CartableDb } from '../../../src/db/schema.ts';
import { useLiveQuery } from '../../../src/ui/common/use-live-query.ts';
import { ScreenBoundary } from '../../../src/ui/common/screen-boundary.tsx';

let db: CartableDb;
let root: HTMLElement;
let n = 0;

beforeEach(async () => {
  db = new CartableDb(`live-query-failure-${++n}`);
  await db.open();
  root = document.createElement('main');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  db.close();
});

/** A screen that reads the lessons, or « Chargement… » until they come. */
function LessonCount({ query }: { query: () => Promise<number> }) {
  const count = useLiveQuery(query, []);
  return <p>{count === undefined ? 'Chargement…' : `${count} leçons`}</p>;
}

const text = () => root.textContent ?? '';
async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(text()).toSatisfy(() => check());
}

test('a query that throws shows the error and « Réessayer », and « Réessayer » runs it again', async () => {
  let fail = true;
  const query = async () => {
    if (fail) throw new DOMException('The database connection is closing.', 'InvalidStateError');
    return db.lessons.count();
  };
  await act(() => render(<ScreenBoundary><LessonCount query={query} /></ScreenBoundary>, root));
  await until(() => text().includes('Cette page n’a pas pu s’ouvrir'));
  expect(text()).not.toContain('Chargement…');
  expect(root.querySelector('[role="alert"]')).not.toBeNull();
  const buttons = Array.from(root.querySelectorAll('button'), (b) => b.textContent);
  expect(buttons).toEqual(['Réessayer', 'Retour à l’accueil']);

  fail = false;
  await act(() => root.querySelector('button')!.click());
  await until(() => text() === '0 leçons');
});

test('a query of a table this database does not have fails the same way (Dexie rejects it)', async () => {
  await act(() => render(<ScreenBoundary><LessonCount query={() => db.table('no_such_table').count()} /></ScreenBoundary>, root));
  await until(() => text().includes('Cette page n’a pas pu s’ouvrir'));
  expect(text()).not.toContain('Chargement…');
});

test('a query that works shows its result (the boundary stays out of the way)', async () => {
  await act(() => render(<ScreenBoundary><LessonCount query={() => db.lessons.count()} /></ScreenBoundary>, root));
  await until(() => text() === '0 leçons');
  expect(root.querySelector('[role="alert"]')).toBeNull();
});
