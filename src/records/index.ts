// The records domain's public surface: other folders import from here (bench-data and testing are for
// benchmarks and tests only).
export { RecordsError, StorageFullError, type RecordsErrorCode } from './errors';
export {
  DEFAULT_TAGS,
  LIMITS,
  RECORD_SCHEMA_VERSION,
  RECORD_SOURCES,
  RECORD_STATUSES,
  SCORE_LEVELS,
  TAG_LABELS,
  VOTE_CHOICES,
  checkRating,
  checkRecord,
  checkVote,
  migrateRating,
  migrateRecord,
  migrateVote,
  redactText,
  sanitizeUrl,
  type AnswerRecord,
  type Checked,
  type DefaultTag,
  type Rating,
  type RecordImage,
  type RecordMessage,
  type RecordSource,
  type RecordStatus,
  type Score,
  type Vote,
  type VoteChoice,
} from './schema';
export {
  RECORDS_DB_NAME,
  newId,
  openRecords,
  type ImageMeta,
  type Listed,
  type MergeCounts,
  type RatingInput,
  type RecordsRepo,
  type RecoveredAnswer,
  type StorageUse,
  type StoredImage,
} from './repository';
export { applyFilter, indexRatings, type RatingsIndex, type RecordFilter } from './filter';
export { computeStats, meanWithInterval, type GroupStats, type StatsGrouping, type StatsOptions } from './stats';
export { CSV_COLUMNS, exportCsv, exportZip, extForMime, type ExportInput } from './export';
export { DEFAULT_IMPORT_LIMITS, importFile, type ImportLimits, type ImportReport, type SkippedItem } from './import';
export { imageHashesOf, questionOf } from './derive';
