import { useEffect, useSyncExternalStore } from 'react';
import { loadLanguage, onWordsLoaded, translator, wordsVersion, type Translate } from '../i18n';
import { useAppStore } from './index';

/** The translator of the interface language; a new one when more words arrive (a screen's, a language's). */
export function useT(): Translate {
  const lang = useAppStore((s) => s.lang);
  useSyncExternalStore(onWordsLoaded, wordsVersion);
  // Whichever way the language changed (the switch, Settings, stored settings, another tab), its words follow.
  useEffect(() => void loadLanguage(lang).catch(() => undefined), [lang]);
  return translator(lang);
}
