/** A copy of `record` with `key` set to `value`, or without `key` when `value` is undefined/null. */
export function withEntry<T extends Record<string, unknown>>(record: T, key: string, value: unknown): T {
  const copy: Record<string, unknown> = {};
  for (const [name, current] of Object.entries(record)) if (name !== key) copy[name] = current;
  if (value !== undefined && value !== null) copy[key] = value;
  return copy as T;
}
