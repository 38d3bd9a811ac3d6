// Codes of the batch domain turned into words (the words themselves are `batch.*` keys of
// src/i18n/{en,ja}/batch.ts).
import { describeStoredError } from '../inference';
import type { Lang, Translate } from '../i18n';
import type { LanePause } from './lanes';
import type { RunState } from './model';

export function stateLabel(t: Translate, state: RunState, elsewhere = false): string {
  if (state === 'running' && elsewhere) return t('batch.state.elsewhere');
  return t(`batch.state.${state}`);
}

/** A unit's or a lane's error code in words: the batch's own codes, else the inference module's (general words for a code it does not know). */
export function errorCodeWords(code: string, lang: Lang, t: Translate, endpointLabel?: string): string {
  if (code === 'image-missing') return t('batch.error.imageMissing');
  if (code === 'image-unusable') return t('batch.error.imageUnusable');
  if (code === 'storage') return t('batch.error.storage');
  return describeStoredError({ code }, lang, { endpointLabel }).title;
}

export function pauseWords(pause: LanePause, lang: Lang, t: Translate, endpointLabel: string): string {
  const why = errorCodeWords(pause.code, lang, t, endpointLabel);
  switch (pause.reason) {
    case 'auth':
    case 'not-found':
    case 'config':
      return t('batch.pause.config', { why });
    case 'wait-too-long':
      return t('batch.pause.waitTooLong', { minutes: Math.ceil((pause.waitMs ?? 0) / 60_000) });
    default:
      return t('batch.pause.keepsFailing', { why });
  }
}

export function durationWords(ms: number, t: Translate): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return t('batch.duration.s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('batch.duration.ms', { m, s: s % 60 });
  return t('batch.duration.hm', { h: Math.floor(m / 60), m: m % 60 });
}

const REASONS = ['empty', 'no-scores', 'one-score', 'too-many-scores', 'extra-text', 'out-of-range'] as const;

/** Why a judge's answer could not be read, in words. */
export function reasonWords(t: Translate, reason: string | null): string {
  const known = (REASONS as readonly string[]).includes(reason ?? '') ? (reason as (typeof REASONS)[number]) : 'no-scores';
  return t(`batch.judge.reason.${known}`);
}
