import { useEffect, type ReactNode } from 'react';
import { Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ChatScreen } from '../chat/chat-screen';
import { loadWords, warmIntl } from '../i18n';
import type { ReviewTab } from '../review/review-screen';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { ErrorBoundary } from '../ui/error-boundary';
import { ErrorDetail } from '../ui/error-detail';
import { TabLink } from '../ui/tab-link';
import { lazyView } from '../ui/lazy-view';
import { Notice } from '../ui/notice';

// `?compare=<id>,<id>[,...]` opens the compare screen with those endpoints (read once, at start-up, then taken
// out of the address so that a reload or a later visit does not start the same comparison again).
const startParams = new URLSearchParams(location.search);
const compareLink = startParams.get('compare');
if (compareLink !== null) {
  startParams.delete('compare');
  const rest = startParams.toString();
  history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}#/compare`);
}

// Every screen but Chat, and the views other domains lend to Review, load on their first visit, each with its
// words (Compare and Batch also show Review's annotator and filter words), through lazyView.

/** What shows while a view's code is on its way: a line of words, never an empty page. */
function loadingLine(words: 'app.screenLoading' | 'review.loading', testId: string) {
  return function Loading() {
    const t = useT();
    return (
      <p className="muted review-empty" role="status" data-testid={testId}>
        {t(words)}
      </p>
    );
  };
}
const ScreenLoading = loadingLine('app.screenLoading', 'screen-loading');

const review = lazyView(() => {
  // The first rows are read while the screen's code downloads: the database opens as soon as this small part
  // arrives. If it does not arrive, the screen's own load (which needs it too) says so and can be retried.
  import('../review/first-look').then(
    (m) => m.startFirstLook(),
    () => undefined,
  );
  const screen = Promise.all([import('../review/review-screen'), loadWords('review')]).then(([m]) => m.default);
  // Its first rows show counts and dates: the locale data they need loads meanwhile.
  warmIntl();
  return screen;
}, ScreenLoading);
const batch = lazyView(
  () => Promise.all([import('../batch/batch-screen'), loadWords('batch', 'review')]).then(([m]) => m.default),
  ScreenLoading,
);
const compare = lazyView(
  () => Promise.all([import('../compare/compare-screen'), loadWords('compare', 'review')]).then(([m]) => m.default),
  ScreenLoading,
);
const settings = lazyView(
  () => Promise.all([import('../settings/settings-screen'), loadWords('settings')]).then(([m]) => m.SettingsScreen),
  ScreenLoading,
);

// The judge's statistics belong to the batch domain and show in Review's statistics: composed here.
const judgeStats = lazyView(() => Promise.all([import('../batch/judge-stats'), loadWords('batch')]).then(([m]) => m.JudgeStats));
// The leaderboard and the pairwise queue belong to the compare domain and show as Review tabs: composed here.
/** A Review tab whose code is on its way says so, as Review's own views do while their records load. */
const TabLoading = loadingLine('review.loading', 'tab-loading');
const leaderboard = lazyView(
  () => Promise.all([import('../compare/leaderboard-view'), loadWords('compare')]).then(([m]) => m.default),
  TabLoading,
);
const pairQueue = lazyView(
  () => Promise.all([import('../compare/pair-queue-view'), loadWords('compare')]).then(([m]) => m.default),
  TabLoading,
);
// Review's thumbs under each finished answer in Chat: none shows before an answer has, so not in the first load.
const answerThumbs = lazyView(() => import('../review/thumbs').then((m) => m.AnswerThumbs));
const reviewTabs: readonly ReviewTab[] = [
  { path: '/pairs', label: 'review.tab.pairs', testId: 'review-tab-pairs', view: pairQueue.View },
  { path: '/leaderboard', label: 'review.tab.leaderboard', testId: 'review-tab-leaderboard', view: leaderboard.View },
];

const settingsServices = {
  estimateStorage: () => import('./bootstrap').then((m) => m.estimateStorage()),
  clearAll: () => import('./bootstrap').then((m) => m.clearEverything()),
};

function Header() {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      <nav aria-label={t('nav.menu')}>
        <TabLink href="/" testId="nav-chat">
          {t('nav.chat')}
        </TabLink>
        <TabLink href="/compare" testId="nav-compare">
          {t('nav.compare')}
        </TabLink>
        <TabLink href="/review" testId="nav-review" onIntent={() => void review.load()}>
          {t('nav.review')}
        </TabLink>
        <TabLink href="/batch" testId="nav-batch" onIntent={() => void batch.load()}>
          {t('nav.batch')}
        </TabLink>
        <TabLink href="/settings" testId="nav-settings">
          {t('nav.settings')}
        </TabLink>
      </nav>
      <button
        type="button"
        className="lang-toggle"
        onClick={() => useAppStore.getState().setLang(lang === 'ja' ? 'en' : 'ja')}
        // Named by what it shows (the other language, in that language), so that voice control and screen
        // readers agree with the eye; the title says what it does.
        lang={lang === 'ja' ? 'en' : 'ja'}
        title={t('lang.label')}
        data-testid="lang-toggle"
      >
        {lang === 'ja' ? 'English' : '日本語'}
      </button>
    </header>
  );
}

function Banners() {
  const t = useT();
  const storageError = useAppStore((s) => s.storageError);
  if (!storageError) return null;
  return (
    <Notice
      kind="error"
      testId="storage-error"
      onDismiss={() => useAppStore.getState().setStorageError(null)}
      dismissLabel={t('common.close')}
    >
      {storageError.kind === 'full' ? t('storage.full') : t('storage.failed')}
      <ErrorDetail summary={t('storage.detail')} error={storageError.detail} />
    </Notice>
  );
}

/**
 * A route that throws while rendering shows its own panel; the header and the other routes keep working. Each
 * route's boundary has its own key: Switch would otherwise keep one boundary, and its error, across routes whose
 * location inside their nest is the same (#/batch and #/review are both "/" there).
 */
function RouteBoundary({ children }: { children: ReactNode }) {
  const t = useT();
  const [location] = useLocation();
  return (
    <ErrorBoundary
      resetKey={location}
      fallback={(error, retry) => (
        <div className="route-error" data-testid="route-error">
          <Notice kind="error">
            <strong>{t('app.routeFailed')}</strong> {t('app.routeFailedHint')}
            <ErrorDetail summary={t('storage.detail')} error={error} />
          </Notice>
          <button type="button" onClick={retry}>
            {t('app.retry')}
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

function StartupError() {
  const t = useT();
  const detail = useAppStore((s) => s.startupError);
  if (!detail) return null;
  return (
    <Notice kind="error" testId="startup-error">
      <strong>{t('app.startFailed')}</strong> {t('app.startFailedHint')}
      <ErrorDetail summary={t('storage.detail')} error={detail} />
    </Notice>
  );
}

/** A newer version of the app in another tab: this one closes its storage (reload), or waits for older ones. */
function UpgradeBanner() {
  const t = useT();
  const upgrade = useAppStore((s) => s.storageUpgrade);
  if (!upgrade) return null;
  return (
    <Notice kind="warning" testId="storage-upgrade">
      {upgrade === 'reload' ? t('storage.upgradeReload') : t('storage.upgradeWaiting')}{' '}
      {upgrade === 'reload' && (
        <button type="button" className="link-button" onClick={() => location.reload()}>
          {t('storage.reload')}
        </button>
      )}
    </Notice>
  );
}

export function App() {
  const lang = useAppStore((s) => s.lang);
  const hydrated = useAppStore((s) => s.hydrated);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <Router hook={useHashLocation}>
      <div className="app" data-hydrated={hydrated}>
        <Header />
        <Banners />
        <StartupError />
        <UpgradeBanner />
        <main>
          {hydrated ? (
            <Switch>
              <Route path="/">
                <RouteBoundary key="chat">
                  <ChatScreen answerExtras={answerThumbs} />
                </RouteBoundary>
              </Route>
              <Route path="/review" nest>
                <RouteBoundary key="review">
                  <review.View statsExtra={judgeStats.View} tabs={reviewTabs} />
                </RouteBoundary>
              </Route>
              <Route path="/batch" nest>
                <RouteBoundary key="batch">
                  <batch.View />
                </RouteBoundary>
              </Route>
              <Route path="/compare">
                <RouteBoundary key="compare">
                  <compare.View link={compareLink} />
                </RouteBoundary>
              </Route>
              <Route path="/settings">
                <RouteBoundary key="settings">
                  <settings.View services={settingsServices} />
                </RouteBoundary>
              </Route>
              <Route>
                <Redirect to="/" />
              </Route>
            </Switch>
          ) : null}
        </main>
      </div>
    </Router>
  );
}
