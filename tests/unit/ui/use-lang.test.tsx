// @vitest-environment happy-dom
/**
 * useLang: a language applied between a component's first render and its subscription (the
 * tablet's stored language, restored asynchronously at start) is not lost — else the screen
 * shows English, the switch says Français, and choosing Français changes nothing (CI caught it
 * as « Rendre » never coming back after a reload in English). Real Preact rendering (happy-dom).
 */
import { afterEach, expect, test } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useLang } from '../../../src/i18n/use-lang.ts';
import { setLang, t } from '../../../src/i18n/i18n.ts';

let root: HTMLElement | null = null;
afterEach(async () => {
  if (root) render(null, root);
  root?.remove();
  await setLang('fr', false);
});

function Label() {
  const lang = useLang();
  return <p data-lang={lang}>{t('lang.label')}</p>;
}

test('a language applied before the component subscribed is caught up; the next change re-renders it', async () => {
  await setLang('en', false); // loads the English catalogue: the next switch to English is immediate
  await setLang('fr', false);
  root = document.createElement('div');
  document.body.append(root);
  render(<Label />, root); // its effects (the subscription) have not run yet
  void setLang('en', false); // applied now, before the subscription
  await act(() => new Promise((r) => setTimeout(r, 20)));
  const p = () => root!.querySelector('p')!;
  expect([p().textContent, p().dataset.lang]).toEqual(['Language', 'en']);
  await act(() => setLang('fr', false));
  expect([p().textContent, p().dataset.lang]).toEqual(['Langue', 'fr']);
});
