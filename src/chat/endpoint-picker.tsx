import { useAppStore } from '../store';
import { selectEndpoints } from '../store/endpoints';
import { useT } from '../store/use-t';
import { isolate } from '../ui/long-text';

export function EndpointPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const t = useT();
  const endpoints = useAppStore(selectEndpoints);
  return (
    <label className="endpoint-picker">
      <span className="visually-hidden">{t('endpoint.label')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="endpoint-picker" aria-label={t('endpoint.label')}>
        {endpoints.map((e) => (
          <option key={e.id} value={e.id}>
            {isolate(e.label)}
            {e.url ? '' : ` (${t('endpoint.notConfigured')})`}
          </option>
        ))}
      </select>
    </label>
  );
}
