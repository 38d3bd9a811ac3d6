// The Review screen's filter as the form holds it (strings from inputs, serialisable for the saved view)
// and its translation into the records module's RecordFilter. Pure.
import type { AnswerRecord, RatingsIndex, RecordFilter } from '../records';
import { RECORD_SOURCES, RECORD_STATUSES, type RecordSource } from '../records/constants';
import { applyFilter } from '../records/filter';

export interface ReviewFilter {
  /** `endpointKey()` of one endpoint/model pair, or '' for all. */
  endpoint: string;
  source: '' | (typeof RECORD_SOURCES)[number];
  /** One group's records (a batch run, a comparison: their groupId), or '' for all. Set by a link, not a control. */
  group: string;
  status: '' | (typeof RECORD_STATUSES)[number];
  rated: 'any' | 'rated' | 'unrated';
  /** Whose ratings count for rated/unrated, scores and tags. */
  scope: 'all' | 'mine';
  minScore: number | null;
  maxScore: number | null;
  tag: string;
  text: string;
  /** yyyy-mm-dd from <input type="date">, local days; '' for open. Both days are included. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: ReviewFilter = {
  endpoint: '',
  source: '',
  group: '',
  status: '',
  rated: 'any',
  scope: 'all',
  minScore: null,
  maxScore: null,
  tag: '',
  text: '',
  from: '',
  to: '',
};

// A saved filter is read field by field: a field that no longer fits falls back to its default. By hand
// rather than through a zod schema: the first rows of Review wait for it, and zod would load with them.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : '');
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T => (options.includes(v as T) ? (v as T) : fallback);
const day = (v: unknown) => (typeof v === 'string' && (v === '' || DAY.test(v)) ? v : '');
const score = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null);

export function readFilter(raw: unknown): ReviewFilter {
  const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<keyof ReviewFilter, unknown>;
  return {
    endpoint: text(f.endpoint, 500),
    source: oneOf(f.source, ['', ...RECORD_SOURCES], ''),
    group: text(f.group, 200),
    status: oneOf(f.status, ['', ...RECORD_STATUSES], ''),
    rated: oneOf(f.rated, ['any', 'rated', 'unrated'], 'any'),
    scope: oneOf(f.scope, ['all', 'mine'], 'all'),
    minScore: score(f.minScore),
    maxScore: score(f.maxScore),
    tag: text(f.tag, 50),
    text: text(f.text, 500),
    from: day(f.from),
    to: day(f.to),
  };
}

export function isEmptyFilter(f: ReviewFilter): boolean {
  return (Object.keys(EMPTY_FILTER) as (keyof ReviewFilter)[]).every((k) => f[k] === EMPTY_FILTER[k]);
}

/** Endpoint id and model, as one option value (a preset can be pointed at another model over time). */
export function endpointKey(endpointId: string, model: string): string {
  return `${endpointId}\n${model}`;
}

export interface EndpointOption {
  key: string;
  label: string;
  model: string;
  count: number;
}

/** The endpoint/model pairs present, with the newest label of each, most records first. */
function endpointOptions(records: readonly AnswerRecord[]): EndpointOption[] {
  const byKey = new Map<string, EndpointOption & { at: string }>();
  for (const r of records) {
    const key = endpointKey(r.endpoint.id, r.endpoint.model);
    const o = byKey.get(key);
    if (!o) byKey.set(key, { key, label: r.endpoint.label, model: r.endpoint.model, count: 1, at: r.createdAt });
    else {
      o.count += 1;
      if (r.createdAt > o.at) {
        o.at = r.createdAt;
        o.label = r.endpoint.label;
      }
    }
  }
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .map(({ key, label, model, count }) => ({ key, label, model, count }));
}

/** What the filter bar offers, counted over every record. */
export interface Facets {
  endpoints: EndpointOption[];
  sources: RecordSource[];
}

export function facetsOf(records: readonly AnswerRecord[]): Facets {
  return { endpoints: endpointOptions(records), sources: [...new Set(records.map((r) => r.source))] };
}

/** Local midnight of a yyyy-mm-dd day, as epoch ms. */
function localDay(text: string, plusDays = 0): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).getTime();
}

export function toRecordFilter(f: ReviewFilter, annotator: string): RecordFilter {
  const out: RecordFilter = { rated: f.rated };
  if (f.endpoint) out.endpointIds = [f.endpoint.split('\n')[0] as string];
  if (f.source) out.sources = [f.source];
  if (f.group) out.groupIds = [f.group];
  if (f.status) out.statuses = [f.status];
  if (f.scope === 'mine' && annotator.trim()) out.annotator = annotator;
  if (f.minScore !== null) out.minScore = f.minScore;
  if (f.maxScore !== null) out.maxScore = f.maxScore;
  if (f.tag) out.tag = f.tag;
  if (f.text.trim()) out.text = f.text;
  if (f.from) out.from = localDay(f.from);
  // `to` is exclusive in RecordFilter; the form's "to" day is included.
  if (f.to) out.to = localDay(f.to, 1);
  return out;
}

/** The records that pass the filter, in the order given (newest first on the Review screen). */
export function filterRecords(records: readonly AnswerRecord[], ratings: RatingsIndex, f: ReviewFilter, annotator: string): AnswerRecord[] {
  const matched = applyFilter(records, ratings, toRecordFilter(f, annotator));
  if (!f.endpoint) return matched;
  const model = f.endpoint.slice(f.endpoint.indexOf('\n') + 1);
  return matched.filter((r) => r.endpoint.model === model);
}

/** Every tag in use or offered, defaults first, then custom ones, then ones only seen in ratings. */
export function knownTags(defaults: readonly string[], custom: readonly string[], ratings: RatingsIndex): string[] {
  const tags = new Set<string>([...defaults, ...custom]);
  const seen = new Set<string>();
  for (const list of ratings.values()) for (const r of list) for (const t of r.tags) if (!tags.has(t)) seen.add(t);
  return [...tags, ...[...seen].sort()];
}
