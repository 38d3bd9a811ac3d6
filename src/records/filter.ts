// Record filtering for the Review screen. Pure, and linear in records + ratings: ratings are indexed by
// record once (indexRatings) and each record's searchable text is built once per record object.
import type { RecordSource, RecordStatus } from './constants';
import type { AnswerRecord, Rating } from './schema';

export type RatingsIndex = ReadonlyMap<string, readonly Rating[]>;

export interface RecordFilter {
  /** Empty or absent means any; the same for sources and statuses. */
  endpointIds?: readonly string[];
  sources?: readonly RecordSource[];
  /** The records of these groups (a batch run, a comparison): their `groupId`. */
  groupIds?: readonly string[];
  statuses?: readonly RecordStatus[];
  rated?: 'rated' | 'unrated' | 'any';
  /** Narrows rated/unrated, scores and tags to this annotator's ratings. */
  annotator?: string;
  /** Bounds on the mean score of the (annotator's) ratings; a record without a score fails either bound. */
  minScore?: number;
  maxScore?: number;
  tag?: string;
  /** Case- and width-insensitive; every whitespace-separated term must occur in question, output, model or label. */
  text?: string;
  /** createdAt >= from (ISO string, Date or epoch ms). */
  from?: string | Date | number;
  /** createdAt < to (exclusive, so a day's end is the next day's start). */
  to?: string | Date | number;
}

export function indexRatings(ratings: Iterable<Rating>): Map<string, Rating[]> {
  const index = new Map<string, Rating[]>();
  for (const r of ratings) {
    const list = index.get(r.recordId);
    if (list) list.push(r);
    else index.set(r.recordId, [r]);
  }
  return index;
}

/** NFKC folds full-width Latin and half-width kana, so 'Ｔａｎｕｋｉ' finds 'tanuki'. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const haystacks = new WeakMap<AnswerRecord, string>();

function haystackOf(record: AnswerRecord): string {
  let h = haystacks.get(record);
  if (h === undefined) {
    const questions = record.messages.filter((m) => m.role === 'user').map((m) => m.text);
    h = fold([...questions, record.output, record.endpoint.model, record.endpoint.label].join('\n'));
    haystacks.set(record, h);
  }
  return h;
}

function toTime(t: string | Date | number): number {
  return t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
}

const nonEmpty = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

export function applyFilter(records: readonly AnswerRecord[], ratingsByRecord: RatingsIndex, filter: RecordFilter): AnswerRecord[] {
  const endpoints = nonEmpty(filter.endpointIds) ? new Set(filter.endpointIds) : null;
  const sources = nonEmpty(filter.sources) ? new Set<string>(filter.sources) : null;
  const groups = nonEmpty(filter.groupIds) ? new Set(filter.groupIds) : null;
  const statuses = nonEmpty(filter.statuses) ? new Set<string>(filter.statuses) : null;
  const terms = filter.text ? fold(filter.text).split(/\s+/).filter(Boolean) : [];
  const from = filter.from === undefined ? null : toTime(filter.from);
  const to = filter.to === undefined ? null : toTime(filter.to);
  const annotator = filter.annotator?.trim() || null;
  const rated = filter.rated ?? 'any';
  const needRatings = rated !== 'any' || filter.minScore !== undefined || filter.maxScore !== undefined || filter.tag !== undefined;
  const noRatings: readonly Rating[] = [];

  return records.filter((record) => {
    if (endpoints && !endpoints.has(record.endpoint.id)) return false;
    if (sources && !sources.has(record.source)) return false;
    if (groups && !groups.has(record.groupId ?? '')) return false;
    if (statuses && !statuses.has(record.status)) return false;
    if (from !== null || to !== null) {
      const t = Date.parse(record.createdAt);
      if (from !== null && !(t >= from)) return false;
      if (to !== null && !(t < to)) return false;
    }
    if (needRatings) {
      const all = ratingsByRecord.get(record.id) ?? noRatings;
      const mine = annotator === null ? all : all.filter((r) => r.annotator === annotator);
      if (rated === 'rated' && mine.length === 0) return false;
      if (rated === 'unrated' && mine.length > 0) return false;
      if (filter.tag !== undefined && !mine.some((r) => r.tags.includes(filter.tag as string))) return false;
      if (filter.minScore !== undefined || filter.maxScore !== undefined) {
        let sum = 0;
        let n = 0;
        for (const r of mine) {
          if (r.score !== null) {
            sum += r.score;
            n += 1;
          }
        }
        if (n === 0) return false;
        const mean = sum / n;
        if (filter.minScore !== undefined && mean < filter.minScore) return false;
        if (filter.maxScore !== undefined && mean > filter.maxScore) return false;
      }
    }
    if (terms.length > 0) {
      const h = haystackOf(record);
      if (!terms.every((t) => h.includes(t))) return false;
    }
    return true;
  });
}
