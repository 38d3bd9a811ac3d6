// Endpoint configuration problems (config/endpoints.ts) in the person's language: the Settings form's and
// config.json's faults are named by field, with the limit when there is one, never in a library's English.
import type { ConfigProblem, FieldProblem } from '../config/endpoints';
import type { MessageKey, Translate } from '../i18n';

const FIELD_WORDS: Record<FieldProblem['code'], MessageKey> = {
  'url-credentials': 'endpoint.problem.urlCredentials',
  'url-scheme': 'endpoint.problem.urlScheme',
  invalid: 'endpoint.problem.invalid',
};

/** The Settings form's own fields go by the names the form shows them under. */
const FORM_FIELDS: Partial<Record<string, MessageKey>> = {
  label: 'settings.field.label',
  url: 'settings.field.url',
  model: 'settings.field.model',
  protocol: 'settings.field.protocol',
  imagePolicy: 'settings.field.imagePolicy',
};

export function fieldProblemWords(t: Translate, fields: readonly FieldProblem[], form = false): string {
  return fields
    .map((f) => {
      const key = form && Object.hasOwn(FORM_FIELDS, f.path) ? FORM_FIELDS[f.path] : undefined;
      return t(FIELD_WORDS[f.code], { field: key ? t(key) : f.path || '(config)' });
    })
    .join(' ');
}

export function configProblemWords(t: Translate, problem: ConfigProblem): string {
  switch (problem.code) {
    case 'json':
      return t('config.problem.json');
    case 'http':
      return t('config.problem.http', { status: problem.status });
    case 'unreachable':
      return t('config.problem.unreachable');
    case 'too-many':
      return t('config.problem.tooMany', { count: problem.count, limit: problem.limit });
    case 'fields':
      return t('config.problem.fields', { fields: fieldProblemWords(t, problem.fields) });
  }
}
