import { useMemo } from 'react';
import { translator, type Translate } from '../i18n';
import { useAppStore } from './index';

export function useT(): Translate {
  const lang = useAppStore((s) => s.lang);
  return useMemo(() => translator(lang), [lang]);
}
