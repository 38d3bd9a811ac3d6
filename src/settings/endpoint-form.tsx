import { useEffect, useId, useRef, useState } from 'react';
import { fieldProblems, parseEndpoint, type FieldProblem } from '../config/endpoints';
import { protocolSchema, withoutUserinfo, type Endpoint, type ImagePolicy, type Protocol } from '../config/schema';
import type { MessageKey } from '../i18n';
import { useT } from '../store/use-t';
import { fieldProblemWords } from './problem-words';

/** Each protocol's name in the picker: a new protocol has to be named here (the type says so). */
const PROTOCOL_WORDS: Record<Protocol, MessageKey> = {
  'openai-chat': 'settings.field.protocol.openai',
  'hf-vqa': 'settings.field.protocol.vqa',
};

const policies: Record<string, ImagePolicy> = {
  short768: { shortSide: 768 },
  long1536: { longSide: 1536 },
  pass: { passThrough: true },
};

function policyKey(p: ImagePolicy): string {
  if ('shortSide' in p) return 'short768';
  if ('longSide' in p) return 'long1536';
  return 'pass';
}

export function EndpointForm({
  initial,
  token,
  onSave,
  onCancel,
}: {
  initial?: Endpoint;
  token: string;
  onSave: (endpoint: Endpoint, token: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [label, setLabel] = useState(initial?.label ?? '');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [model, setModel] = useState(initial?.model ?? '');
  const [protocol, setProtocol] = useState<Endpoint['protocol']>(initial?.protocol ?? 'openai-chat');
  const [policy, setPolicy] = useState(policyKey(initial?.imagePolicy ?? { longSide: 1536 }));
  const [secret, setSecret] = useState(token);
  const [problems, setProblems] = useState<FieldProblem[] | null>(null);
  const problemId = useId();
  const fields = useRef<Partial<Record<'label' | 'url' | 'model', HTMLInputElement | null>>>({});
  const invalid = (field: 'label' | 'url' | 'model') => problems?.some((p) => p.path === field) ?? false;
  // After a refused Save, focus goes to the first field the words name, so a keyboard or screen reader user
  // lands where the fix is (the words are tied to it through aria-describedby).
  useEffect(() => {
    const first = (['label', 'url', 'model'] as const).find((f) => problems?.some((p) => p.path === f));
    if (first) fields.current[first]?.focus();
  }, [problems]);
  const fieldProps = (field: 'label' | 'url' | 'model') => ({
    ref: (el: HTMLInputElement | null) => {
      fields.current[field] = el;
    },
    'aria-invalid': invalid(field) || undefined,
    'aria-describedby': invalid(field) ? problemId : undefined,
  });
  // The endpoint as the form opened it. `initial` follows what is stored, which another tab may change meanwhile:
  // a field left as it opened takes that, so saving here does not write back what the other tab replaced.
  const [opened] = useState(initial);
  const unlessLeft = <T,>(value: T, was: T | undefined, now: T | undefined): T => (value === was && now !== undefined ? now : value);

  const submit = () => {
    const id = initial?.id ?? `custom-${crypto.randomUUID().slice(0, 8)}`;
    const chosen = unlessLeft(protocol, opened?.protocol, initial?.protocol);
    const parsed = parseEndpoint({
      ...initial,
      id,
      label: unlessLeft(label.trim(), opened?.label, initial?.label),
      url: unlessLeft(url.trim(), opened?.url, initial?.url),
      model: unlessLeft(model.trim(), opened?.model, initial?.model),
      protocol: chosen,
      imagePolicy: opened && policy === policyKey(opened.imagePolicy) ? (initial ?? opened).imagePolicy : policies[policy],
      maxImagesPerMessage: chosen === 'hf-vqa' ? 1 : (initial?.maxImagesPerMessage ?? 4),
      imagesPerConversation: chosen === 'hf-vqa' ? 1 : initial?.imagesPerConversation,
    });
    if (!parsed.success) {
      const problems = fieldProblems(parsed.error);
      // The password leaves the screen at once: the URL keeps its host, and the words say where a token goes.
      if (problems.some((p) => p.code === 'url-credentials')) setUrl(withoutUserinfo(url.trim()));
      setProblems(problems);
      return;
    }
    onSave(parsed.data, secret.trim());
  };

  return (
    <form
      className="endpoint-form"
      data-testid="endpoint-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        {t('settings.field.label')}
        <input value={label} onChange={(e) => setLabel(e.target.value)} required data-testid="endpoint-label" {...fieldProps('label')} />
      </label>
      <label>
        {t('settings.field.protocol')}
        <select value={protocol} onChange={(e) => setProtocol(e.target.value as Endpoint['protocol'])} data-testid="endpoint-protocol">
          {protocolSchema.options.map((p) => (
            <option key={p} value={p}>
              {t(PROTOCOL_WORDS[p])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.field.url')}
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          {...fieldProps('url')}
          placeholder="https://host/v1"
          inputMode="url"
          data-testid="endpoint-url"
        />
        <small>{t('settings.field.urlHelp')}</small>
      </label>
      <label>
        {t('settings.field.model')}
        <input
          value={model}
          onChange={(e) => setModel(e.target.value)}
          {...fieldProps('model')}
          placeholder="weblab-GENIAC/Tanuki-8B-vision"
          data-testid="endpoint-model"
        />
      </label>
      <label>
        {t('settings.field.imagePolicy')}
        <select value={policy} onChange={(e) => setPolicy(e.target.value)} data-testid="endpoint-image-policy">
          <option value="short768">{t('settings.field.policy.short768')}</option>
          <option value="long1536">{t('settings.field.policy.long1536')}</option>
          <option value="pass">{t('settings.field.policy.pass')}</option>
        </select>
      </label>
      <label>
        {t('settings.field.token')}
        <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" data-testid="endpoint-token" />
        <small>{t('settings.field.tokenHelp')}</small>
      </label>
      {problems && (
        <p className="notice notice-error" role="alert" id={problemId} data-testid="endpoint-problem">
          {t('settings.invalid', { problem: fieldProblemWords(t, problems, true) })}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="endpoint-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
