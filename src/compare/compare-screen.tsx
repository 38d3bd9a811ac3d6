// The compare screen (#/compare, and ?compare=<id>,<id>[,...]): one question to 2-4 endpoints side by side,
// each streaming on its own, a vote per pair under every finished turn. Blind mode shuffles which endpoint
// is which side and keeps every name off the page until the vote (see turn-view.tsx).
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import type { Endpoint } from '../config/schema';
import { useAppStore } from '../store';
import { defaultEndpointId, selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { AnnotatorForm } from '../ui/annotator-form';
import { Notice } from '../ui/notice';
import { isTextField } from '../ui/queue-keys';
import { choose, loadCompareData, reveal, saveIdentityWords, sendTurn, startComparison, stopAll, toggleReason } from './actions';
import { connectCompareStorage, useCompareStore } from './compare-store';
import { DEFAULT_IDENTITY_WORDS, parseIdentityWords } from './identity';
import { CompareComposer } from './composer';
import { isStreaming, MAX_SIDES, MIN_SIDES, namesHidden, sideLetter, sidePairs, type CompareSession } from './session';
import { TurnView } from './turn-view';
import { VOTE_REASONS } from './vote-bar';
import { voteKeyAction } from './vote-keys';

/** What the link asked for that cannot be done, for the words above the comparison. */
interface LinkProblem {
  unknown: string[];
  dropped: string[];
  tooFew: boolean;
}

let appliedLink: string | null = null;

/** The endpoints of a `?compare=` value that this app knows (at most four), and what was left out. */
function parseCompareLink(value: string, known: (id: string) => boolean): { ids: string[]; problem: LinkProblem | null } {
  const asked = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = asked.filter((id) => !known(id));
  const usable = asked.filter(known);
  const ids = usable.slice(0, MAX_SIDES);
  const dropped = usable.slice(MAX_SIDES);
  const tooFew = ids.length < MIN_SIDES;
  return { ids, problem: unknown.length || dropped.length || tooFew ? { unknown, dropped, tooFew } : null };
}

function defaultPair(endpoints: readonly Endpoint[], first: string): string[] {
  const second = endpoints.find((e) => e.id !== first && e.url) ?? endpoints.find((e) => e.id !== first);
  return second ? [first, second.id] : [first, first];
}

function Picker({ value, onChange, testId, side }: { value: string; onChange: (id: string) => void; testId: string; side?: string }) {
  const t = useT();
  const endpoints = useAppStore(selectEndpoints);
  return (
    <select
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-label={side ? t('compare.pickerFor', { side }) : t('endpoint.label')}
      data-testid={testId}
      data-side={side?.toLowerCase()}
    >
      {endpoints.map((e) => (
        <option key={e.id} value={e.id}>
          {e.label}
          {e.url ? '' : ` (${t('endpoint.notConfigured')})`}
        </option>
      ))}
    </select>
  );
}

/** Changes the endpoint of one slot: with turns on screen that is a new comparison (the old one's records stay). */
function setSlot(session: CompareSession, slot: number, id: string, blind: boolean) {
  const ids = session.endpointIds.map((e, i) => (i === slot ? id : e));
  if (session.turns.length) startComparison(ids, blind);
  else useCompareStore.getState().setSession({ ...session, endpointIds: ids });
}

function addSide(session: CompareSession, endpoints: readonly Endpoint[], blind: boolean) {
  const unused = endpoints.find((e) => !session.endpointIds.includes(e.id) && e.url) ?? endpoints[0];
  if (!unused) return;
  startComparison([...session.endpointIds, unused.id], blind);
}

function removeSlot(session: CompareSession, slot: number, blind: boolean) {
  startComparison(
    session.endpointIds.filter((_, i) => i !== slot),
    blind,
  );
}

function SideHeads({ session, blind }: { session: CompareSession; blind: boolean }) {
  const t = useT();
  const endpoints = useAppStore(selectEndpoints);
  const hidden = namesHidden(session);
  return (
    <div className="compare-heads" style={{ ['--sides' as string]: session.endpointIds.length }}>
      {session.order.map((slot, side) => (
        <div key={slot} className="compare-head" data-testid="side-head" data-side={sideLetter(side).toLowerCase()}>
          <span className="side-letter" aria-hidden="true">
            {sideLetter(side)}
          </span>
          {hidden ? (
            <span className="muted">{t('compare.sideHiddenLong', { side: sideLetter(side) })}</span>
          ) : (
            <>
              <Picker
                value={session.endpointIds[slot]!}
                onChange={(id) => setSlot(session, slot, id, blind)}
                testId="compare-picker"
                side={sideLetter(side)}
              />
              {session.endpointIds.length > MIN_SIDES && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => removeSlot(session, slot, blind)}
                  aria-label={t('compare.removeSide', { side: sideLetter(side) })}
                  data-testid="compare-remove-side"
                >
                  ×
                </button>
              )}
            </>
          )}
        </div>
      ))}
      {!hidden && session.endpointIds.length < MAX_SIDES && (
        <button type="button" className="compare-add" onClick={() => addSide(session, endpoints, blind)} data-testid="compare-add-side">
          {t('compare.addSide')}
        </button>
      )}
    </div>
  );
}

/** In blind mode the endpoints are chosen here, in pick order (not side order), and only while no answer is hidden. */
function BlindSetup({ session, blind }: { session: CompareSession; blind: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const endpoints = useAppStore(selectEndpoints);
  const locked = session.turns.length > 0;
  return (
    <div className="compare-setup">
      <button
        type="button"
        aria-expanded={open && !locked}
        disabled={locked}
        onClick={() => setOpen((o) => !o)}
        data-testid="compare-setup"
      >
        {t('compare.setup', { n: session.endpointIds.length })}
      </button>
      {locked && <span className="muted small">{t('compare.setupLocked')}</span>}
      {open && !locked && (
        <div className="compare-setup-panel" data-testid="compare-setup-panel">
          <p className="muted small">{t('compare.setupHint')}</p>
          {session.endpointIds.map((id, slot) => (
            <div key={slot} className="row">
              <Picker value={id} onChange={(next) => setSlot(session, slot, next, blind)} testId="compare-setup-picker" />
              {session.endpointIds.length > MIN_SIDES && (
                <button
                  type="button"
                  className="icon-button"
                  onClick={() => removeSlot(session, slot, blind)}
                  aria-label={t('compare.removeEndpoint')}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {session.endpointIds.length < MAX_SIDES && (
            <button type="button" onClick={() => addSide(session, endpoints, blind)} data-testid="compare-add-side">
              {t('compare.addSide')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function IdentityWords() {
  const t = useT();
  const words = useCompareStore((s) => s.identityWords);
  const [draft, setDraft] = useState<string | null>(null);
  if (!words) return null;
  return (
    <details className="identity-words" data-testid="identity-words">
      <summary>{t('compare.identity.title', { n: words.length })}</summary>
      <p className="muted small">{t('compare.identity.help')}</p>
      <textarea
        rows={4}
        value={draft ?? words.join(', ')}
        onChange={(e) => setDraft(e.target.value)}
        aria-label={t('compare.identity.title', { n: words.length })}
        data-testid="identity-words-input"
      />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={draft === null}
          onClick={() => {
            void saveIdentityWords(parseIdentityWords(draft ?? ''));
            setDraft(null);
          }}
          data-testid="identity-words-save"
        >
          {t('common.save')}
        </button>
        <button
          type="button"
          onClick={() => {
            void saveIdentityWords([...DEFAULT_IDENTITY_WORDS]);
            setDraft(null);
          }}
        >
          {t('compare.identity.reset')}
        </button>
      </div>
    </details>
  );
}

function LinkNotice({ problem, onDismiss }: { problem: LinkProblem; onDismiss: () => void }) {
  const t = useT();
  return (
    <Notice kind="warning" testId="compare-link-problem" onDismiss={onDismiss} dismissLabel={t('common.close')}>
      {problem.unknown.length > 0 && <div>{t('compare.link.unknown', { ids: problem.unknown.join(', ') })}</div>}
      {problem.dropped.length > 0 && <div>{t('compare.link.dropped', { max: MAX_SIDES, ids: problem.dropped.join(', ') })}</div>}
      {problem.tooFew && <div>{t('compare.link.tooFew')}</div>}
    </Notice>
  );
}

export default function CompareScreen({ link }: { link: string | null }) {
  const t = useT();
  const endpoints = useAppStore(selectEndpoints);
  const annotator = useAppStore((s) => s.annotator);
  const { session, blindChoice } = useCompareStore(useShallow((s) => ({ session: s.session, blindChoice: s.blindChoice })));
  const [problem, setProblem] = useState<LinkProblem | null>(null);
  const [pairIndex, setPairIndex] = useState(0);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const blind = blindChoice ?? annotator !== '';

  // The stored comparison, then the link (once per page life), then a default pair.
  useEffect(() => {
    connectCompareStorage();
    const state = useAppStore.getState();
    const known = (id: string) => selectEndpoints(state).some((e) => e.id === id);
    if (link && link !== appliedLink) {
      appliedLink = link;
      const parsed = parseCompareLink(link, known);
      setProblem(parsed.problem);
      const first = parsed.ids[0];
      if (parsed.ids.length >= MIN_SIDES) startComparison(parsed.ids, blind);
      else if (first) startComparison(defaultPair(selectEndpoints(state), first), blind);
    }
    const current = useCompareStore.getState().session;
    if (!current || !current.endpointIds.every(known))
      startComparison(defaultPair(selectEndpoints(state), defaultEndpointId(state)), blind);
    // Once on arrival: later changes of the link or the default are the user's own choices on this screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [link]);

  const groups = session?.turns.map((x) => x.groupId).join() ?? '';
  useEffect(() => {
    void loadCompareData();
  }, [session?.id, groups]);

  // No endpoint name in the tab's title either.
  useEffect(() => {
    const before = document.title;
    document.title = `${t('compare.title')} · ${t('app.title')}`;
    return () => {
      document.title = before;
    };
  }, [t]);

  const turnCount = session?.turns.length ?? 0;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: scrollRef.current.scrollHeight });
  }, [turnCount]);

  const streaming = session ? isStreaming(session) : false;
  const keyedTurn = session ? session.turns.findLastIndex((x) => x.answers.every((a) => a.status !== 'streaming')) : -1;
  const pairs = sidePairs(session?.endpointIds.length ?? 2);

  useEffect(() => {
    if (!annotator || keyedTurn < 0) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = voteKeyAction(e, { inText: isTextField(e.target), reasonCount: VOTE_REASONS.length });
      if (!action || action.type === 'undo') return;
      const pair = pairs[Math.min(pairIndex, pairs.length - 1)]!;
      if (action.type === 'leave-note') {
        (e.target as HTMLElement).blur();
      } else if (action.type === 'note') {
        noteRef.current?.focus();
      } else if (action.type === 'vote') {
        choose(keyedTurn, pair, annotator, action.choice);
      } else if (action.type === 'reason') {
        toggleReason(keyedTurn, pair, annotator, VOTE_REASONS[action.index]!);
      } else if (pairs.length > 1) {
        setPairIndex((i) => (i + (action.type === 'next' ? 1 : pairs.length - 1)) % pairs.length);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [annotator, keyedTurn, pairIndex, pairs]);

  if (!session) return null;
  const hidden = namesHidden(session);
  const bySlot = session.endpointIds.map((id) => endpoints.find((e) => e.id === id) ?? endpoints[0]!);
  const imagesInSession = session.turns.reduce((n, x) => n + (x.answers[0]?.images.length ?? 0), 0);

  return (
    <div className="compare" data-testid="compare" data-names={hidden ? 'hidden' : 'shown'} data-sides={session.endpointIds.length}>
      <div className="compare-toolbar">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={blind}
            onChange={(e) => {
              const on = e.target.checked;
              useCompareStore.getState().setBlindChoice(on);
              if (!session.turns.length) startComparison(session.endpointIds, on);
              else if (!on) reveal();
            }}
            data-testid="blind-toggle"
          />
          {t('compare.blind')}
        </label>
        {hidden && <BlindSetup session={session} blind={blind} />}
        {hidden && session.turns.length > 0 && (
          <button type="button" onClick={reveal} data-testid="compare-reveal">
            {t('compare.reveal')}
          </button>
        )}
        <button type="button" onClick={() => startComparison(session.endpointIds, blind)} data-testid="compare-new">
          {t('compare.new')}
        </button>
        <span className="compare-links">
          <Link href="/review/pairs" data-testid="compare-to-pairs">
            {t('compare.toPairs')}
          </Link>
          <Link href="/review/leaderboard" data-testid="compare-to-leaderboard">
            {t('compare.toLeaderboard')}
          </Link>
        </span>
      </div>
      {problem && <LinkNotice problem={problem} onDismiss={() => setProblem(null)} />}
      {blind && !session.blind && session.turns.length > 0 && <p className="muted small compare-note">{t('compare.blindNext')}</p>}
      <SideHeads session={session} blind={blind} />
      <div className="compare-scroll" ref={scrollRef}>
        {session.turns.length === 0 ? (
          <div className="welcome">
            <h2>{t('compare.welcome.title')}</h2>
            <p>{t('compare.welcome.body', { n: session.endpointIds.length })}</p>
            {hidden && <p>{t('compare.welcome.blind')}</p>}
          </div>
        ) : (
          session.turns.map((turn, i) => (
            <TurnView
              key={turn.groupId}
              session={session}
              turnIndex={i}
              annotator={annotator}
              keyed={i === keyedTurn}
              pairIndex={pairIndex}
              onPair={setPairIndex}
              noteRef={noteRef}
            />
          ))
        )}
        {keyedTurn >= 0 && !annotator && (
          <div className="compare-vote">
            <p className="muted">{t('compare.askName')}</p>
            <AnnotatorForm
              t={t}
              compact
              saveLabel={t('compare.startVoting')}
              onSave={(name) => useAppStore.getState().setAnnotator(name)}
            />
          </div>
        )}
        {keyedTurn >= 0 && annotator && (
          <p className="queue-keys muted small" data-testid="compare-keys">
            <kbd>1</kbd>/<kbd>A</kbd> {t('compare.key.a')} · <kbd>2</kbd>/<kbd>B</kbd> {t('compare.key.b')} · <kbd>3</kbd>/<kbd>T</kbd>{' '}
            {t('compare.key.tie')} · <kbd>4</kbd>/<kbd>X</kbd> {t('compare.key.bothBad')} · <kbd>5</kbd>–<kbd>0</kbd>{' '}
            {t('compare.key.reasons')} · <kbd>N</kbd> {t('compare.key.note')} · <kbd>Esc</kbd> {t('compare.key.leave')}
          </p>
        )}
        <IdentityWords />
      </div>
      <CompareComposer
        endpoints={bySlot}
        namesHidden={hidden}
        streaming={streaming}
        imagesInSession={imagesInSession}
        onSend={sendTurn}
        onStopAll={stopAll}
        onNewComparison={() => startComparison(session.endpointIds, blind)}
      />
    </div>
  );
}
