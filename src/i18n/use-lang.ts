/** Re-renders a component when the language changes; returns the current language. */
import { useEffect, useState } from 'preact/hooks';
import { getLang, subscribeLang, type Lang } from './i18n.ts';

export function useLang(): Lang {
  const [lang, setLangState] = useState(getLang);
  useEffect(() => {
    // The language may have changed between the render and this effect (the stored language is
    // applied at start, asynchronously): missed, the state would keep the old one, the screen
    // would show the new one, and choosing the old one back would change nothing on screen.
    setLangState(getLang());
    return subscribeLang(setLangState);
  }, []);
  return lang;
}
