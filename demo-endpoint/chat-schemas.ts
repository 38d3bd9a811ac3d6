/*
 * The chat-completion JSON schemas that @huggingface/tasks publishes (generated from TGI), made
 * loadable by Ajv. The demo endpoint's tests hold its output to them, and a probe of real
 * endpoints reuses the validators. The schemas are written in an OpenAPI dialect of draft-06:
 * `nullable`, `discriminator`, `example` and custom `format`s, which Ajv does not know.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type AnySchema, type SchemaObject, type ValidateFunction } from 'ajv';

export type ValidationResult = { ok: true } | { ok: false; errors: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPEC_FILES = { input: 'input.json', output: 'output.json', streamOutput: 'stream_output.json' } as const;
type SpecName = keyof typeof SPEC_FILES;

/** Keys that only annotate in the OpenAPI dialect; Ajv's strict mode rejects them. */
const ANNOTATIONS_TO_DROP = new Set(['example', 'discriminator', 'format']);

/**
 * `nullable: true` becomes a union with null. Wrapping in `anyOf` (rather than adding "null" to
 * `type`) also covers the `{ allOf: [$ref], nullable: true }` form the spec uses for objects.
 */
export function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(normaliseSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  let nullable = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') nullable = value === true;
    // Property names are data, not keywords: a property called `format` must survive.
    else if (key === 'properties' && isObject(value)) out[key] = mapValues(value, normaliseSchema);
    else if (!ANNOTATIONS_TO_DROP.has(key)) out[key] = normaliseSchema(value);
  }
  if (!nullable) return out;
  const { title, description, default: defaultValue, ...rest } = out;
  const wrapped: JsonObject = { anyOf: [rest, { type: 'null' }] };
  if (title !== undefined) wrapped.title = title;
  if (description !== undefined) wrapped.description = description;
  if (defaultValue !== undefined) wrapped.default = defaultValue;
  return wrapped;
}

function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mapValues(object: JsonObject, map: (value: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}

function specDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@huggingface/tasks/package.json')), 'src/tasks/chat-completion/spec');
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

let compiled: Record<SpecName, ValidateFunction> | null = null;

function validators(): Record<SpecName, ValidateFunction> {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addMetaSchema(readJson(require.resolve('ajv/dist/refs/json-schema-draft-06.json')) as SchemaObject);
  const directory = specDirectory();
  // Every file is registered under its `$id` (/inference/schemas/...), so a `$ref` from one to
  // another resolves; today each refers only to its own `$defs`.
  const schemas = Object.fromEntries(
    Object.entries(SPEC_FILES).map(([name, file]) => [name, normaliseSchema(readJson(join(directory, file)))]),
  ) as Record<SpecName, Json>;
  for (const schema of Object.values(schemas)) ajv.addSchema(schema as AnySchema);
  compiled = {
    input: compile(ajv, schemas.input),
    output: compile(ajv, schemas.output),
    streamOutput: compile(ajv, schemas.streamOutput),
  };
  return compiled;
}

function compile(ajv: Ajv, schema: Json): ValidateFunction {
  const id = isObject(schema) && typeof schema.$id === 'string' ? schema.$id : null;
  const registered = id === null ? undefined : ajv.getSchema(id);
  return registered ?? ajv.compile(schema as SchemaObject);
}

function validate(name: SpecName, value: unknown): ValidationResult {
  const check = validators()[name];
  if (check(value)) return { ok: true };
  const errors = (check.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  return { ok: false, errors: [...new Set(errors)].join('; ') };
}

/** One parsed `data:` payload of a streamed chat completion. */
export function validateStreamChunk(chunk: unknown): ValidationResult {
  return validate('streamOutput', chunk);
}

/** A non-streamed chat completion. */
export function validateOutput(response: unknown): ValidationResult {
  return validate('output', response);
}

/** A chat completion request body. */
export function validateInput(body: unknown): ValidationResult {
  return validate('input', body);
}
