// The Batch screen (#/batch): question sets (import, rename, delete), runs over them with their progress and
// results, and LLM judge runs. Loaded on its first visit, with its own styles. Routes are relative to /batch.
import { useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useT } from '../store/use-t';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import './batch.css';
import { reloadLists, useBatchLists } from './batch-data';
import { JudgeForm } from './judge-form';
import { Overview } from './overview';
import { RunForm } from './run-form';
import { RunView } from './run-view';

function Tab({ href, children, testId }: { href: string; children: string; testId: string }) {
  const [location] = useLocation();
  const current = href === '/' ? location === '/' || location.startsWith('/run/') : location.startsWith(href);
  return (
    <Link href={href} className="review-tab" aria-current={current ? 'page' : undefined} data-testid={testId}>
      {children}
    </Link>
  );
}

export default function BatchScreen() {
  const t = useT();
  const load = useBatchLists((s) => s.load);
  const error = useBatchLists((s) => s.error);
  useEffect(() => {
    void reloadLists();
  }, []);
  return (
    <div className="batch" data-testid="batch" data-load={load}>
      <div className="review-bar">
        <nav className="review-tabs" aria-label={t('nav.batch')}>
          <Tab href="/" testId="batch-tab-home">
            {t('batch.tab.home')}
          </Tab>
          <Tab href="/new" testId="batch-tab-new">
            {t('batch.tab.new')}
          </Tab>
          <Tab href="/judge" testId="batch-tab-judge">
            {t('batch.tab.judge')}
          </Tab>
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
