/** Bumped when a stored record's shape changes; schema.ts migrates older versions on read. Kept apart from
 * the schemas so that code writing records does not load zod before it needs to. */
export const RECORD_SCHEMA_VERSION = 1;
