// Maps keyed by ids that users and files choose (endpoint ids, model names, annotators, record ids): a key such
// as `constructor`, `toString` or `__proto__` must find only what was stored under it, never what every object
// inherits. Read such maps through these, not with `map[key]`.

/** The value stored under `key` itself, or undefined; never an inherited property. */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
