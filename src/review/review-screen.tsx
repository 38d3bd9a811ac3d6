// The Review screen (#/review): records with filters and a detail view, the annotation queue
// (#/review/queue) and statistics (#/review/stats), over one filter. Routes are relative to /review.
import { useEffect, useState, type ComponentType } from 'react';
import { Link, Route, Switch, useLocation, useRoute } from 'wouter';
import { TabLink } from '../ui/tab-link';
import type { MessageKey } from '../i18n';
import type { AnswerRecord } from '../records';
import { useAppStore } from '../store';
import { useT } from '../store/use-t';
import { Notice } from '../ui/notice';
import { FilterBar } from './filter-bar';
import { EMPTY_FILTER, isEmptyFilter } from './filters';
import { QueueView } from './queue-view';
import { RecordDetail } from './record-detail';
import { RecordList } from './record-list';
import { followOtherTabs, loadReview } from './review-data';
import { selectFiltered, useReviewStore } from './review-store';
import { StatsView, type StatsExtraProps } from './stats-view';
import { ImportReportView, TransferBar, type ReportState } from './transfer';
import { recordsErrorWords } from './words';

// Reading starts as soon as this screen's code arrives, not a render later: opening Review waits for it.
void loadReview();

function ListView({ records, annotator, total }: { records: readonly AnswerRecord[]; annotator: string; total: number }) {
  const t = useT();
  const [, params] = useRoute('/record/:id');
  const selectedId = params?.id ?? null;
  // Moving to another record lets the rating filters see the rating just made (see filterRatings).
  useEffect(() => {
    useReviewStore.getState().refreshFilterRatings();
  }, [selectedId]);
  return (
    <div className={selectedId ? 'review-split has-selection' : 'review-split'}>
      <div className="review-list-pane">
        <RecordList records={records} selectedId={selectedId} annotator={annotator} total={total} />
      </div>
      <div className="review-detail-pane">
        {selectedId ? (
          <RecordDetail key={selectedId} recordId={selectedId} annotator={annotator} backHref="/" />
        ) : (
          <div className="review-hint muted">
            <p>{t('review.detail.pick')}</p>
            <p>
              <Link href="/queue">{t('review.detail.startQueue')}</Link>
            </p>
          </div>
        )}
      </div>
    </div>
  );
}

/** `#/review/group/<id>`: the list of one group's records (a batch run's answers, say), every other filter cleared. */
function ShowGroup({ id }: { id: string }) {
  const viewLoaded = useReviewStore((s) => s.viewLoaded);
  const [, navigate] = useLocation();
  // After the saved view is read: it would put its own filter back.
  useEffect(() => {
    if (!viewLoaded) return;
    useReviewStore.getState().setFilter({ ...EMPTY_FILTER, group: id });
    navigate('/', { replace: true });
  }, [viewLoaded, id, navigate]);
  return <Loading />;
}

function Loading() {
  const t = useT();
  return (
    <p className="muted review-empty" data-testid="review-loading">
      {t('review.loading')}
    </p>
  );
}

/** A tab another domain adds to Review (composed by the app): the leaderboard, the pairwise queue. */
export interface ReviewTab {
  /** Relative to /review, e.g. "/leaderboard". */
  path: string;
  label: MessageKey;
  testId: string;
  view: ComponentType<{ annotator: string }>;
}

// The list's items open below /record/: the list's tab stays current on them.
const HOME_ALSO = ['/record/'];

export default function ReviewScreen({
  statsExtra,
  tabs = [],
}: {
  statsExtra?: ComponentType<StatsExtraProps>;
  tabs?: readonly ReviewTab[];
}) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const annotator = useAppStore((s) => s.annotator);
  const load = useReviewStore((s) => s.load);
  const loadError = useReviewStore((s) => s.loadError);
  const total = useReviewStore((s) => s.records.length);
  const filterActive = useReviewStore((s) => !isEmptyFilter(s.filter));
  const records = useReviewStore((s) => selectFiltered(s, annotator));
  const [report, setReport] = useState<ReportState | null>(null);
  const [location] = useLocation();
  const inQueue = location.startsWith('/queue');
  const extraTab = tabs.find((tab) => location.startsWith(tab.path));
  const recordsShown = !inQueue && !extraTab;

  // A read that finished moments ago (started when the pointer reached the Review link) is fresh enough.
  useEffect(() => {
    void loadReview(2000);
    return followOtherTabs();
  }, []);

  return (
    <div className={inQueue ? 'review in-queue' : 'review'} data-testid="review" data-load={load}>
      <div className="review-bar">
        <nav className="review-tabs" aria-label={t('nav.review')}>
          <TabLink className="review-tab" href="/" also={HOME_ALSO} testId="review-tab-list">
            {t('review.tab.list')}
          </TabLink>
          <TabLink className="review-tab" href="/queue" testId="review-tab-queue">
            {t('review.tab.queue')}
          </TabLink>
          <TabLink className="review-tab" href="/stats" testId="review-tab-stats">
            {t('review.tab.stats')}
          </TabLink>
          {tabs.map((tab) => (
            <TabLink className="review-tab" key={tab.path} href={tab.path} testId={tab.testId}>
              {t(tab.label)}
            </TabLink>
          ))}
        </nav>
        {recordsShown && <TransferBar records={records} onReport={setReport} ready={load === 'ready'} />}
      </div>
      {report && <ImportReportView state={report} onClose={() => setReport(null)} />}
      {loadError && (
        <Notice kind="error" testId="review-load-error">
          {t('review.loadFailed', { problem: recordsErrorWords(loadError.code, loadError.params, lang) })}
        </Notice>
      )}
      {recordsShown && <FilterBar shown={records.length} total={total} complete={load === 'ready'} />}
      {extraTab ? (
        <extraTab.view annotator={annotator} />
      ) : load === 'loading' || load === 'idle' ? (
        <Loading />
      ) : (
        <Switch>
          <Route path="/group/:id">{(params) => <ShowGroup id={params.id} />}</Route>
          <Route path="/queue">{load === 'ready' ? <QueueView annotator={annotator} filterActive={filterActive} /> : <Loading />}</Route>
          <Route path="/stats">
            {load === 'ready' ? <StatsView records={records} annotator={annotator} extra={statsExtra} /> : <Loading />}
          </Route>
          <Route>
            <ListView records={records} annotator={annotator} total={total} />
          </Route>
        </Switch>
      )}
    </div>
  );
}
