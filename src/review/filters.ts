// The Review screen's filter as the form holds it (strings from inputs, serialisable for the saved view)
// and its translation into the records module's RecordFilter. Pure.
import { z } from 'zod';
import {
  applyFilter,
  RECORD_SOURCES,
  RECORD_STATUSES,
  type AnswerRecord,
  type RatingsIndex,
  type RecordFilter,
  type RecordSource,
} from '../records';

export interface ReviewFilter {
  /** `endpointKey()` of one endpoint/model pair, or '' for all. */
  endpoint: string;
  source: '' | (typeof RECORD_SOURCES)[number];
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

const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);
const score = z.number().int().min(1).max(5).nullable();

/** A saved filter is read through this: a field that no longer fits falls back to its default. */
const reviewFilterSchema = z.object({
  endpoint: z.string().max(500).catch(''),
  source: z.union([z.literal(''), z.enum(RECORD_SOURCES)]).catch(''),
  status: z.union([z.literal(''), z.enum(RECORD_STATUSES)]).catch(''),
  rated: z.enum(['any', 'rated', 'unrated']).catch('any'),
  scope: z.enum(['all', 'mine']).catch('all'),
  minScore: score.catch(null),
  maxScore: score.catch(null),
  tag: z.string().max(50).catch(''),
  text: z.string().max(500).catch(''),
  from: day.catch(''),
  to: day.catch(''),
});

export function readFilter(raw: unknown): ReviewFilter {
  const parsed = reviewFilterSchema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  return parsed.success ? parsed.data : EMPTY_FILTER;
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
