// The Batch screen (#/batch): question sets (import, rename, delete), runs over them with their progress and
// results, and LLM judge runs. Loaded on its first visit, with its own styles. Routes are relative to /batch.
import { useEffect } from 'react';
import { Route, Switch } from 'wouter';
import { afterNextPaint } from '../ui/next-task';
import { preloadRichText } from '../ui/rich-text';
import { TabLink } from '../ui/tab-link';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import './batch.css';
import { reloadLists, useBatchLists } from './batch-data';
import { JudgeForm } from './judge-form';
import { Overview } from './overview';
import { RunForm } from './run-form';
import { RunView } from './run-view';

// The list's items open below /run/: the list's tab stays current on them.
const HOME_ALSO = ['/run/'];

export default function BatchScreen() {
  const t = useT();
  const load = useBatchLists((s) => s.load);
  const error = useBatchLists((s) => s.error);
  useEffect(() => {
    void reloadLists();
    // Results show answers as Markdown: its renderer loads once the screen is painted, not during a run.
    void afterNextPaint()
      .then(preloadRichText)
      .catch(() => undefined);
  }, []);
  return (
    <div className="batch" data-testid="batch" data-load={load}>
      <div className="review-bar">
        <nav className="review-tabs" aria-label={t('nav.batch')}>
          <TabLink className="review-tab" href="/" also={HOME_ALSO} testId="batch-tab-home">
            {t('batch.tab.home')}
          </TabLink>
          <TabLink className="review-tab" href="/new" testId="batch-tab-new">
            {t('batch.tab.new')}
          </TabLink>
          <TabLink className="review-tab" href="/judge" testId="batch-tab-judge">
            {t('batch.tab.judge')}
          </TabLink>
        </nav>
      </div>
      {error !== null && (
        <Notice kind="error" testId="batch-load-error">
          {t('batch.loadFailed')}
          <ErrorDetail summary={t('storage.detail')} error={error} />
        </Notice>
      )}
      <div className="batch-body">
        <Switch>
          <Route path="/new/:setId?">{(params) => <RunForm initialSetId={params.setId ?? ''} />}</Route>
          <Route path="/judge/:runId?">{(params) => <JudgeForm initialRunId={params.runId ?? ''} />}</Route>
          <Route path="/run/:id">{(params) => <RunView key={params.id} runId={params.id} />}</Route>
          <Route>
            <Overview />
          </Route>
        </Switch>
      </div>
    </div>
  );
}
