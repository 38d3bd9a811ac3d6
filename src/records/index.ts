// The records domain's public surface: other folders import from here (builders for tests and benchmarks
// live in test-support/, outside the app's sources). Importing it loads the schemas (zod) and the zip code:
// what a screen's first paint needs comes from the file itself (constants, derive, filter, records-db...).
export { RecordsError, type RecordsErrorCode } from './errors';
export { LIMITS, RECORD_SOURCES, isJudgeAnnotator } from './constants';
export { type AnswerRecord, type JudgeVerdict, type Rating, type RecordImage, type Score } from './schema';
/** @public Votes get their users with comparisons (issue 10). */
export { VOTE_CHOICES, checkVote, migrateVote, votePairKey, type Vote, type VoteChoice } from './schema';
export { RECORDS_DB_NAME, openRecords, type ImportBatch, type RecordsRepo } from './repository';
export { groupedRecordWrites } from './grouped-writes';
export { applyFilter, indexRatings, type RatingsIndex, type RecordFilter } from './filter';
export type { GroupStats, StatsGrouping } from './stats';
export { exportZip } from './export';
export { extForMime } from './image-ext';
export { importFile, type ImportProgress, type ImportReport, type SkippedItem } from './import';
export { throttleProgress, type Progress } from './progress';
export { imageHashesOf, questionOf } from './derive';
export { checkDeclaredSizes, inflateEntries, readZipDirectory, type ZipLimits } from './zip';
