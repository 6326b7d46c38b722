import DataLoader from 'dataloader';

/**
 * SQLite accepts 32,766 bound parameters per statement; one batch stays well inside that so a page of
 * the largest allowed size is always one statement, whatever its size.
 */
export const MAX_BATCH_SIZE = 10_000;

/** Aligns rows to keys, one row (or null) per key: the shape DataLoader wants for to-one relations. */
export function indexRows<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Aligns rows to keys, a list per key (empty when none): the shape DataLoader wants for to-many relations. */
export function groupRows<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>();
  for (const key of keys) byKey.set(key, []);
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

/**
 * A request-scoped loader: one statement per tick for all keys asked for, whatever the number of
 * parents. `load` is the single batched query; results are aligned to keys by the caller's helpers.
 */
export function createLoader<K, V, C = K>(
  load: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  options: { cacheKeyFn?: (key: K) => C } = {},
): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(load, { maxBatchSize: MAX_BATCH_SIZE, ...options });
}

/**
 * Loaders for a field with arguments: one loader (so one batch) per distinct argument set, so
 * `labs(codes: ["4548-4"])` on 1,000 patients is still one statement.
 */
export function loaderFamily<A, K, V>(make: (args: A) => DataLoader<K, V>): (args: A) => DataLoader<K, V> {
  const loaders = new Map<string, DataLoader<K, V>>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}
