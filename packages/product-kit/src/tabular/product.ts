import { join } from 'node:path';
import type { ComparisonMethod } from '../analysis/group-comparison';
import { defineProduct, type Product } from '../define-product';
import { checkPageSize, decodeCursor, toConnection } from '../pagination';
import type { ProductContext } from '../server';
import { runCompare, runFilter, runSummary, tabularApps, type Selection } from './apps';
import { keyColumn, type TabularSpec } from './spec';
import {
  buildTabularSnapshot,
  compileFilter,
  encodeSelectionId,
  loadRecords,
  tabularMigrations,
  type FilterInput,
  type TabularRecord,
} from './table';

export interface TabularProductOptions {
  /** `__dirname` of the product's entry file. */
  dir: string;
  spec: TabularSpec;
  title: string;
  description: string;
  license: string;
  source?: string;
  sourceUrl?: string;
  /** The source CSV, relative to the product's package root. */
  csv: string;
  /** Reference date recorded in the snapshot (the source's publication date). */
  snapshotDate: string;
}

export interface TabularStorage {
  records: TabularRecord[];
  byKey: Map<unknown, TabularRecord>;
}

type Context = ProductContext<TabularStorage>;

/**
 * A data product served from one table: records with filters and cursor pagination, selections and
 * comparisons, and the filter / summary / compare apps. What `npm run new-product` generates stands on it.
 */
export function defineTabularProduct(options: TabularProductOptions): Product<TabularStorage> {
  const { spec } = options;
  const name = spec.product;
  const key = keyColumn(spec);
  const select = (
    records: TabularRecord[],
    filter: FilterInput,
    label: string | null | undefined,
    argument: string,
  ): Selection => {
    const matches = compileFilter(spec, filter ?? {}, argument);
    const title = label?.trim() || 'Selection';
    return {
      id: encodeSelectionId('selection', { name: title, filter }),
      name: title,
      definition: filter,
      records: records.filter(matches),
    };
  };
  let root = '';

  const product = defineProduct<TabularStorage>({
    dir: options.dir,
    title: options.title,
    description: options.description,
    license: options.license,
    source: options.source,
    sourceUrl: options.sourceUrl,
    migrations: tabularMigrations(spec),
    dataTables: ['records', 'snapshot_metadata'],
    async prepareStorage(db) {
      const records = await loadRecords(db, spec);
      const byKey = new Map(records.map((record) => [record[key.field], record]));
      return () => ({ records, byKey });
    },
    apps: () => tabularApps(spec),
    buildSnapshot: (file) =>
      buildTabularSnapshot(spec, join(root, options.csv), file, {
        snapshot_date: options.snapshotDate,
        source: options.source ?? '',
        source_file: options.csv,
      }),
    resolvers: {
      Query: {
        [`${name}Record`]: (_: unknown, args: Record<string, unknown>, { storage }: Context) =>
          storage.byKey.get(args[key.field]) ?? null,
        [`${name}Records`](
          _: unknown,
          args: { filter?: FilterInput | null; first?: number | null; after?: string | null },
          { storage }: Context,
        ) {
          const first = checkPageSize(args.first, 1000, 50);
          const after = args.after == null ? null : decodeCursor(`${name}Records`, args.after);
          const matching = select(storage.records, args.filter ?? {}, null, 'filter').records;
          const start =
            after === null
              ? 0
              : matching.findIndex((record) => (record[key.field] as string | number) > after);
          const page = start < 0 ? [] : matching.slice(start, start + first + 1);
          return {
            ...toConnection(page, first, `${name}Records`, (record) => record[key.field] as string | number),
            totalCount: matching.length,
          };
        },
        [`${name}Selection`]: (
          _: unknown,
          args: { filter: FilterInput; name?: string | null },
          { storage }: Context,
        ) => select(storage.records, args.filter, args.name, 'filter'),
        [`${name}Comparison`](
          _: unknown,
          args: { a: FilterInput; b: FilterInput; nameA?: string | null; nameB?: string | null },
          { storage }: Context,
        ) {
          const a = select(storage.records, args.a, args.nameA ?? 'A', 'a');
          const b = select(storage.records, args.b, args.nameB ?? 'B', 'b');
          return { id: encodeSelectionId('selection', [a.id, b.id]), a, b };
        },
      },
      [`${spec.prefix}Record`]: {
        __resolveReference: (reference: Record<string, unknown>, { storage }: Context) =>
          storage.byKey.get(reference[key.field]) ?? null,
      },
      [`${spec.prefix}Selection`]: {
        size: (selection: Selection) => selection.records.length,
        rows: (selection: Selection, args: Parameters<typeof runFilter>[3], { product: identity }: Context) =>
          runFilter(spec, identity, selection, args),
        summary: (
          selection: Selection,
          args: { variables?: string[] | null },
          { product: identity }: Context,
        ) => runSummary(spec, identity, selection, args),
      },
      [`${spec.prefix}Comparison`]: {
        compare: (
          comparison: { a: Selection; b: Selection },
          args: { variable: string; method?: ComparisonMethod | null },
          { product: identity }: Context,
        ) => runCompare(spec, identity, comparison.a, comparison.b, args),
      },
    },
  });
  root = product.root;
  return product;
}
