// The one place that turns an inference error into the words a person reads, in Japanese and English.
// Everything else passes codes around; wording changes happen here only.
import { formatBytes } from '../i18n';
import type { ConfigIssue, InferenceErrorLike } from './errors';

export type ErrorLang = 'ja' | 'en';

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

function en(err: InferenceErrorLike, ctx: ErrorWordsContext): ErrorWords {
  const who = ctx.endpointLabel ? `“${ctx.endpointLabel}”` : 'the endpoint';
  const Who = ctx.endpointLabel ? who : 'The endpoint';
  const st = (fallback?: number) => ((err.status ?? fallback) !== undefined ? ` (${err.status ?? fallback})` : '');
  const detail = err.detail ? `: ${err.detail}` : '.';
  const sent = ctx.sentBytes ?? err.sentBytes;
  const retried = ctx.retries ? ` The app retried ${ctx.retries} time${ctx.retries === 1 ? '' : 's'}.` : '';
  switch (err.code) {
    case 'auth':
      return { title: `${Who} refused the token${st(401)}.`, hint: 'Check the token in Settings.' };
    case 'not-found':
      return { title: `The endpoint or model was not found${st(404)}.`, hint: 'Check the URL and the model name.' };
    case 'too-large':
      return {
        title: `${Who} refused the request as too large${st(413)}${sent ? `: ${formatBytes(sent)} were sent.` : '.'}`,
        hint: 'Send a smaller or fewer images, or give this endpoint an image policy with a smaller size.',
      };
    case 'rate-limited':
      return {
        title: `Rate limited${st(429)}.${retried}`,
        hint: err.retryAfterMs !== undefined ? `Try again in ${seconds(err.retryAfterMs)} s.` : 'Wait a moment and try again.',
      };
    case 'loading':
      return {
        title: `The model is loading${st(503)}.${retried}`,
        hint:
          err.retryAfterMs !== undefined
            ? `It should be ready in about ${seconds(err.retryAfterMs)} s; try again then.`
            : 'Loading can take a few minutes; try again shortly.',
      };
    case 'network':
      if (err.midStream || err.status === 200) {
        return {
          title: `The connection to ${who} was lost in the middle of the answer.`,
          hint: 'The network or the server closed it; Regenerate tries again.',
        };
      }
      return {
        title: `Could not reach ${who}.${retried}`,
        hint: 'You may be offline, the host may be wrong, or the endpoint does not allow requests from this site (CORS).',
      };
    case 'timeout':
      return {
        title: `${Who} did not answer in time${st()}.${retried}`,
        hint: 'It may be busy or still loading; try again.',
      };
    case 'aborted':
      return { title: 'Stopped.', hint: '' };
    case 'protocol':
      return {
        title: `${Who} answered in a way the app does not understand${detail}`,
        hint: 'Check that the URL points to an OpenAI-compatible API (or to an endpoint of the chosen task).',
      };
    case 'server':
      if (err.midStream || err.status === 200) {
        return { title: `${Who} reported an error in the middle of the answer${detail}`, hint: 'The part that arrived is kept.' };
      }
      if (err.status !== undefined && err.status < 500) {
        return { title: `${Who} rejected the request${st()}${detail}`, hint: 'Check the parameters and the images for this endpoint.' };
      }
      return { title: `${Who} failed${st()}${detail}`, hint: 'Try again later; if it keeps failing, check the server’s logs.' };
    case 'config': {
      const issue = configIssueOf(err);
      if (issue === 'no-url') return { title: 'This endpoint has no URL yet.', hint: 'Set one in Settings or config.json.' };
      if (issue === 'invalid-url') {
        return {
          title: 'This endpoint’s URL is not valid.',
          hint: 'Use an http(s):// URL (or a path on this site) in Settings or config.json.',
        };
      }
      if (issue === 'needs-image')
        return { title: 'This endpoint needs an image with the question.', hint: 'Add an image and send again.' };
      return { title: `This endpoint is not set up correctly${detail}`, hint: 'Check it in Settings or config.json.' };
    }
  }
}

function ja(err: InferenceErrorLike, ctx: ErrorWordsContext): ErrorWords {
  const who = ctx.endpointLabel ? `「${ctx.endpointLabel}」` : 'エンドポイント';
  const st = (fallback?: number) => ((err.status ?? fallback) !== undefined ? `（${err.status ?? fallback}）` : '');
  const detail = err.detail ? `：${err.detail}` : '。';
  const sent = ctx.sentBytes ?? err.sentBytes;
  const retried = ctx.retries ? `${ctx.retries} 回再試行しました。` : '';
  switch (err.code) {
    case 'auth':
      return { title: `${who}がトークンを拒否しました${st(401)}。`, hint: '設定画面でトークンを確認してください。' };
    case 'not-found':
      return { title: `エンドポイントまたはモデルが見つかりません${st(404)}。`, hint: 'URL とモデル名を確認してください。' };
    case 'too-large':
      return {
        title: `${who}がリクエストを大きすぎるとして拒否しました${st(413)}。${sent ? `送信したのは ${formatBytes(sent)} です。` : ''}`,
        hint: '画像を小さくするか枚数を減らすか、このエンドポイントの画像設定でサイズを小さくしてください。',
      };
    case 'rate-limited':
      return {
        title: `リクエストが多すぎます${st(429)}。${retried}`,
        hint:
          err.retryAfterMs !== undefined
            ? `${seconds(err.retryAfterMs)} 秒後にもう一度お試しください。`
            : '少し待ってからもう一度お試しください。',
      };
    case 'loading':
      return {
        title: `モデルを読み込み中です${st(503)}。${retried}`,
        hint:
          err.retryAfterMs !== undefined
            ? `約 ${seconds(err.retryAfterMs)} 秒で準備が整う見込みです。そのあとでもう一度お試しください。`
            : '読み込みには数分かかることがあります。少し待ってからもう一度お試しください。',
      };
    case 'network':
      if (err.midStream || err.status === 200) {
        return {
          title: `回答の途中で${who}との接続が切れました。`,
          hint: 'ネットワークかサーバーが接続を閉じました。再生成でもう一度試せます。',
        };
      }
      return {
        title: `${who}に接続できませんでした。${retried}`,
        hint: 'オフラインになっているか、ホスト名が誤っているか、エンドポイントがこのサイトからのアクセスを許可していない（CORS）可能性があります。',
      };
    case 'timeout':
      return {
        title: `${who}が時間内に応答しませんでした${st()}。${retried}`,
        hint: '混み合っているか、まだ読み込み中の可能性があります。もう一度お試しください。',
      };
    case 'aborted':
      return { title: '停止しました。', hint: '' };
    case 'protocol':
      return {
        title: `${who}の応答をアプリが理解できませんでした${detail}`,
        hint: 'URL が OpenAI 互換の API（または選んだタスクのエンドポイント）を指しているか確認してください。',
      };
    case 'server':
      if (err.midStream || err.status === 200) {
        return { title: `回答の途中で${who}がエラーを返しました${detail}`, hint: '届いた部分は残してあります。' };
      }
      if (err.status !== undefined && err.status < 500) {
        return {
          title: `${who}がリクエストを受け付けませんでした${st()}${detail}`,
          hint: 'このエンドポイントに合ったパラメータと画像か確認してください。',
        };
      }
      return {
        title: `${who}でエラーが発生しました${st()}${detail}`,
        hint: '時間をおいてもう一度お試しください。繰り返す場合はサーバーのログを確認してください。',
      };
    case 'config': {
      const issue = configIssueOf(err);
      if (issue === 'no-url') {
        return {
          title: 'このエンドポイントにはまだ URL が設定されていません。',
          hint: '設定画面か config.json で URL を設定してください。',
        };
      }
      if (issue === 'invalid-url') {
        return {
          title: 'このエンドポイントの URL が正しくありません。',
          hint: '設定画面か config.json で http(s):// から始まる URL（またはこのサイト上のパス）を指定してください。',
        };
      }
      if (issue === 'needs-image') {
        return { title: 'このエンドポイントには質問と一緒に画像が必要です。', hint: '画像を追加してからもう一度送信してください。' };
      }
      return { title: `このエンドポイントの設定に問題があります${detail}`, hint: '設定画面か config.json を確認してください。' };
    }
  }
}

export function describeError(err: InferenceErrorLike, lang: ErrorLang, ctx: ErrorWordsContext = {}): ErrorWords {
  return lang === 'ja' ? ja(err, ctx) : en(err, ctx);
}

/** The line shown during a retry wait, e.g. "The model is loading (503). Retrying in 20 s (1 of 2)." */
export function describeRetry(
  retry: { error: InferenceErrorLike; waitMs: number; attempt: number; maxRetries?: number },
  lang: ErrorLang,
  ctx: ErrorWordsContext = {},
): string {
  const { title } = describeError(retry.error, lang, ctx);
  const s = seconds(retry.waitMs);
  const of = retry.maxRetries
    ? lang === 'ja'
      ? `${retry.attempt}/${retry.maxRetries} 回目`
      : `${retry.attempt} of ${retry.maxRetries}`
    : '';
  return lang === 'ja'
    ? `${title}${s} 秒後に再試行します${of ? `（${of}）` : ''}。`
    : `${title} Retrying in ${s} s${of ? ` (${of})` : ''}.`;
}
