// Group statistics for the Review screen. Pure functions over records and ratings; no storage, no clock.
// The numerics they use live in src/stats/.
import { meanWithInterval, median } from '../stats/distributions';
import type { RatingsIndex } from './filter';
import { isJudgeAnnotator } from './constants';
import type { AnswerRecord, Rating, Score } from './schema';

export interface GroupStats {
  key: string;
  endpointId: string;
  /** The label of the group's newest record (labels can be edited). */
  endpointLabel: string;
  model: string;
  records: number;
  /** Records with at least one (of the annotator's) ratings. */
  rated: number;
  /** Records with at least one score; the unit of the mean. */
  scored: number;
  /**
   * Mean over records of each record's mean score (so a record rated by three people counts once), with a
   * Student-t 95% interval; null interval for fewer than two scored records.
   */
  meanScore: number | null;
  ci95: { low: number; high: number } | null;
  /** Individual ratings per score. */
  scoreDistribution: Record<Score, number>;
  tags: { tag: string; count: number }[];
  thumbs: { up: number; down: number };
  /** Over records that ended. */
  medianTtftMs: number | null;
  medianTokensPerSecond: number | null;
  errors: number;
  /** Records that ended (not pending); the denominator of errorRate. Aborted ones count as ended, not errors. */
  finished: number;
  errorRate: number | null;
}

export type StatsGrouping = 'endpoint-model' | 'endpoint' | 'model';

export interface StatsOptions {
  /** Only this annotator's ratings count. */
  annotator?: string;
  groupBy?: StatsGrouping;
}

function groupKey(r: AnswerRecord, by: StatsGrouping): string {
  if (by === 'endpoint') return r.endpoint.id;
  if (by === 'model') return r.endpoint.model;
  return `${r.endpoint.id}\u0000${r.endpoint.model}`;
}

export function computeStats(records: readonly AnswerRecord[], ratingsByRecord: RatingsIndex, options: StatsOptions = {}): GroupStats[] {
  const by = options.groupBy ?? 'endpoint-model';
  const annotator = options.annotator?.trim() || null;
  const groups = new Map<string, AnswerRecord[]>();
  for (const r of records) {
    const key = groupKey(r, by);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }

  const out: GroupStats[] = [];
  for (const [key, group] of groups) {
    const newest = group.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
    const distribution: Record<Score, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    const tagCounts = new Map<string, number>();
    const recordMeans: number[] = [];
    const ttfts: number[] = [];
    const speeds: number[] = [];
    const thumbs = { up: 0, down: 0 };
    let rated = 0;
    let errors = 0;
    let finished = 0;

    for (const record of group) {
      // A pending record's timings are from a checkpoint, not an answer: leave them out of the medians.
      if (record.status !== 'pending') {
        finished += 1;
        if (record.timings.ttftMs !== null) ttfts.push(record.timings.ttftMs);
        if (record.timings.tokensPerSecond !== null) speeds.push(record.timings.tokensPerSecond);
      }
      if (record.status === 'error') errors += 1;

      const all: readonly Rating[] = ratingsByRecord.get(record.id) ?? [];
      // People's ratings only: an LLM judge's scores have their own table (Heron-Bench style) and agreement.
      const mine = all.filter((r) => (annotator === null ? !isJudgeAnnotator(r.annotator) : r.annotator === annotator));
      if (mine.length === 0) continue;
      rated += 1;
      let sum = 0;
      let n = 0;
      for (const rating of mine) {
        if (rating.score !== null) {
          distribution[rating.score] += 1;
          sum += rating.score;
          n += 1;
        }
        if (rating.thumb) thumbs[rating.thumb] += 1;
        for (const tag of rating.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      }
      if (n > 0) recordMeans.push(sum / n);
    }

    const mean = meanWithInterval(recordMeans);
    out.push({
      key,
      endpointId: by === 'model' ? '' : newest.endpoint.id,
      endpointLabel: by === 'model' ? newest.endpoint.model : newest.endpoint.label,
      model: newest.endpoint.model,
      records: group.length,
      rated,
      scored: recordMeans.length,
      meanScore: mean?.mean ?? null,
      ci95: mean?.ci95 ?? null,
      scoreDistribution: distribution,
      tags: [...tagCounts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
      thumbs,
      medianTtftMs: median(ttfts),
      medianTokensPerSecond: median(speeds),
      errors,
      finished,
      errorRate: finished === 0 ? null : errors / finished,
    });
  }
  return out.sort((a, b) => a.endpointLabel.localeCompare(b.endpointLabel) || a.key.localeCompare(b.key));
}
