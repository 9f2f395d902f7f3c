/** Re-renders a component when the language changes; returns the current language. */
import { useEffect, useState } from 'preact/hooks';
import { getLang, subscribeLang, type Lang } from './i18n.ts';

export function useLang(): Lang {
  const [lang, setLangState] = useState(getLang);
  useEffect(() => subscribeLang(setLangState), []);
  return lang;
}
