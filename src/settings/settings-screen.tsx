import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { Endpoint } from '../config/schema';
import { own } from '../config/own';
import { formatBytes, type Lang, type MessageKey } from '../i18n';
import { useAppStore } from '../store';
import { endpointSource, selectEndpoints } from '../store/endpoints';
import { settingsSaved } from '../store/persistence';
import { useT } from '../store/use-t';
import { ConfirmDialog } from '../ui/confirm';
import { ErrorDetail } from '../ui/error-detail';
import { Notice } from '../ui/notice';
import { EndpointForm } from './endpoint-form';
import { configProblemWords } from './problem-words';

export interface SettingsServices {
  estimateStorage: () => Promise<{ usage?: number; quota?: number }>;
  clearAll: () => Promise<void>;
}

function EndpointRow({ endpoint, onEdit }: { endpoint: Endpoint; onEdit: () => void }) {
  const t = useT();
  const source = useAppStore((s) => endpointSource(s, endpoint.id));
  const [confirming, setConfirming] = useState(false);
  const sourceLabel = {
    'built-in': t('settings.source.builtIn'),
    config: t('settings.source.config'),
    custom: t('settings.source.custom'),
  }[source];
  return (
    <li className="endpoint-row" data-testid="endpoint-row" data-endpoint-id={endpoint.id}>
      <div>
        <strong>
          <bdi>{endpoint.label}</bdi>
        </strong>{' '}
        <span className="badge">{sourceLabel}</span>
        <div className="muted small">
          {endpoint.protocol} · {endpoint.url ? <bdi>{endpoint.url}</bdi> : t('endpoint.notConfigured')}{' '}
          {endpoint.model && (
            <>
              · <bdi>{endpoint.model}</bdi>
            </>
          )}
        </div>
      </div>
      <div className="row">
        <button type="button" onClick={onEdit} data-testid="endpoint-edit">
          {t('settings.editEndpoint')}
        </button>
        {source === 'custom' && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('settings.removeEndpoint')}
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        message={t('settings.removeConfirm', { label: endpoint.label })}
        confirmLabel={t('settings.removeEndpoint')}
        cancelLabel={t('common.cancel')}
        danger
        onConfirm={() => {
          setConfirming(false);
          useAppStore.getState().removeCustomEndpoint(endpoint.id);
        }}
        onCancel={() => setConfirming(false)}
      />
    </li>
  );
}

export function SettingsScreen({ services }: { services: SettingsServices }) {
  const t = useT();
  const endpoints = useAppStore(selectEndpoints);
  const configError = useAppStore((s) => s.configError);
  const lang = useAppStore((s) => s.lang);
  const annotator = useAppStore((s) => s.annotator);
  const rememberTokens = useAppStore((s) => s.rememberTokens);
  const tokens = useAppStore((s) => s.tokens);
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  const [storage, setStorage] = useState<{ usage?: number; quota?: number }>({});
  const [clearing, setClearing] = useState(false);
  // A key, not words: the words follow the language, and "Saved." is said only once the write went through.
  const [message, setMessage] = useState<{ key: MessageKey; kind: 'info' | 'error' } | null>(null);

  useEffect(() => {
    // A failed estimate (its code did not arrive, say) leaves the figures unknown, as a browser without the API does.
    void services.estimateStorage().then(setStorage, () => setStorage({}));
  }, [services]);

  const save = (endpoint: Endpoint, token: string) => {
    const s = useAppStore.getState();
    s.saveCustomEndpoint(endpoint);
    s.setToken(endpoint.id, token);
    setEditing(null);
    setMessage(null);
    void settingsSaved().then((ok) =>
      setMessage(ok ? { key: 'settings.saved', kind: 'info' } : { key: 'settings.saveFailed', kind: 'error' }),
    );
  };

  return (
    <div className="settings">
      <h2>{t('settings.title')}</h2>
      {message && (
        <Notice kind={message.kind} testId="settings-message" onDismiss={() => setMessage(null)} dismissLabel={t('common.close')}>
          {t(message.key)}
        </Notice>
      )}
      <section>
        <h3>{t('settings.endpoints')}</h3>
        {configError && (
          <Notice kind="error" testId="config-error">
            {t('settings.configError', { problem: configProblemWords(t, configError) })}
            {'detail' in configError && <ErrorDetail summary={t('storage.detail')} error={configError.detail} />}
          </Notice>
        )}
        <ul className="endpoint-list">
          {endpoints.map((e) =>
            editing !== 'new' && editing?.id === e.id ? (
              <li key={e.id}>
                <EndpointForm initial={e} token={own(tokens, e.id) ?? ''} onSave={save} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <EndpointRow key={e.id} endpoint={e} onEdit={() => setEditing(e)} />
            ),
          )}
        </ul>
        {editing === 'new' ? (
          <EndpointForm token="" onSave={save} onCancel={() => setEditing(null)} />
        ) : (
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="add-endpoint">
            + {t('settings.addEndpoint')}
          </button>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={rememberTokens}
            onChange={(e) => useAppStore.getState().setRememberTokens(e.target.checked)}
            data-testid="remember-tokens"
          />
          {t('settings.rememberTokens')}
        </label>
      </section>
      <section>
        <h3>{t('settings.language')}</h3>
        <select
          value={lang}
          onChange={(e) => useAppStore.getState().setLang(e.target.value as Lang)}
          data-testid="language-select"
          aria-label={t('settings.language')}
        >
          <option value="ja">日本語</option>
          <option value="en">English</option>
        </select>
      </section>
      <section>
        <h3>{t('settings.annotator')}</h3>
        <input
          defaultValue={annotator}
          onBlur={(e) => useAppStore.getState().setAnnotator(e.target.value)}
          aria-label={t('settings.annotator')}
          data-testid="annotator-input"
        />
        <small className="muted"> {t('settings.annotatorHelp')}</small>
      </section>
      <section data-testid="settings-transfer">
        <h3>{t('settings.transfer')}</h3>
        <p className="muted">{t('settings.transferBody')}</p>
        <Link href="/review" data-testid="settings-open-review">
          {t('settings.transferLink')} →
        </Link>
      </section>
      <section>
        <h3>{t('settings.storage')}</h3>
        {storage.usage !== undefined && storage.quota !== undefined && (
          <p data-testid="storage-use">
            {t('settings.storageUse', { used: formatBytes(storage.usage), quota: formatBytes(storage.quota) })}
          </p>
        )}
        <button type="button" className="danger" onClick={() => setClearing(true)} data-testid="clear-all">
          {t('settings.clearAll')}
        </button>
        <ConfirmDialog
          open={clearing}
          message={t('settings.clearConfirm')}
          confirmLabel={t('settings.clearAll')}
          cancelLabel={t('common.cancel')}
          danger
          onConfirm={() => {
            setClearing(false);
            void services.clearAll().then(
              () => setMessage({ key: 'settings.cleared', kind: 'info' }),
              () => setMessage({ key: 'settings.clearFailed', kind: 'error' }),
            );
          }}
          onCancel={() => setClearing(false)}
        />
      </section>
    </div>
  );
}
