// Turns an inference error into the words a person reads. The words themselves are keys of the i18n
// dictionaries (src/i18n/{en,ja}/core.ts, `error.*`); this module only chooses the key for a code and fills it.
// The endpoint's own text (`detail`) is never part of these words: screens show it apart, as a detail
// (src/ui/error-detail.tsx).
import { formatBytes, translator, type Lang, type MessageKey } from '../i18n';
import { isErrorCode, type ConfigIssue, type ErrorCode, type InferenceErrorLike } from './errors';

export interface ErrorWords {
  title: string;
  hint: string;
}

export interface ErrorWordsContext {
  sentBytes?: number;
  endpointLabel?: string;
  /** Retries the app already made before giving up. */
  retries?: number;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Errors stored without their configIssue (older records) still get the right words from their text. */
function configIssueOf(err: InferenceErrorLike): ConfigIssue | undefined {
  if (err.configIssue) return err.configIssue;
  const text = `${err.message} ${err.detail ?? ''}`;
  if (/no url/i.test(text)) return 'no-url';
  if (/invalid url|url is invalid/i.test(text)) return 'invalid-url';
  if (/needs an image/i.test(text)) return 'needs-image';
  return undefined;
}

const CONFIG_KEYS: Record<ConfigIssue, 'error.noUrl' | 'error.invalidUrl' | 'error.needsImage'> = {
  'no-url': 'error.noUrl',
  'invalid-url': 'error.invalidUrl',
  'needs-image': 'error.needsImage',
};

/** The dictionary entry (`<key>.title`, `<key>.hint`) for an error. */
function entryOf(err: InferenceErrorLike): string {
  const midStream = err.midStream || err.status === 200;
  const byCode: Record<ErrorCode, () => string> = {
    auth: () => 'error.auth',
    'not-found': () => 'error.notFound',
    'too-large': () => 'error.tooLarge',
    'rate-limited': () => 'error.rateLimited',
    loading: () => 'error.loading',
    network: () => (midStream ? 'error.networkMidStream' : 'error.network'),
    timeout: () => 'error.timeout',
    aborted: () => 'error.aborted',
    protocol: () => 'error.protocol',
    server: () =>
      midStream ? 'error.serverMidStream' : err.status !== undefined && err.status < 500 ? 'error.serverRejected' : 'error.server',
    internal: () => 'error.internal',
    config: () => {
      const issue = configIssueOf(err);
      return issue ? CONFIG_KEYS[issue] : 'error.config';
    },
  };
  return byCode[err.code]();
}

/** The status each code implies when the error carries none (a 401 for auth, …). */
const IMPLIED_STATUS: Partial<Record<ErrorCode, number>> = {
  auth: 401,
  'not-found': 404,
  'too-large': 413,
  'rate-limited': 429,
  loading: 503,
};

export function describeError(err: InferenceErrorLike, lang: Lang, ctx: ErrorWordsContext = {}): ErrorWords {
  const t = translator(lang);
  const status = err.status ?? IMPLIED_STATUS[err.code];
  const sent = ctx.sentBytes ?? err.sentBytes;
  const label = ctx.endpointLabel;
  const vars = {
    who: label ? t('error.who', { label }) : t('error.whoUnnamed'),
    Who: label ? t('error.who', { label }) : t('error.whoUnnamedStart'),
    status: status === undefined ? '' : t('error.status', { status }),
    retried: ctx.retries ? t(ctx.retries === 1 ? 'error.retriedOnce' : 'error.retriedMany', { n: ctx.retries }) : '',
    sent: sent ? t('error.tooLarge.sent', { bytes: formatBytes(sent) }) : t('error.tooLarge.unsent'),
  };
  const entry = entryOf(err);
  const waits = err.retryAfterMs !== undefined && (err.code === 'rate-limited' || err.code === 'loading');
  const hint = (waits ? `${entry}.hintWait` : `${entry}.hint`) as MessageKey;
  return {
    title: t(`${entry}.title` as MessageKey, vars),
    hint: t(hint, waits ? { seconds: seconds(err.retryAfterMs!) } : undefined),
  };
}

/**
 * A stored error (a record's, a batch unit's) in words. A code this version does not know (a record from a newer
 * version, imported) gets general words: its stored text is a detail the screen shows apart, never the sentence.
 */
export function describeStoredError(err: { code: string; message?: string }, lang: Lang, ctx: ErrorWordsContext = {}): ErrorWords {
  if (isErrorCode(err.code)) return describeError({ code: err.code, message: err.message ?? '' }, lang, ctx);
  const t = translator(lang);
  return { title: t('error.unknown.title'), hint: t('error.unknown.hint') };
}
