import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse, type DocumentNode } from 'graphql';
import { documentBytes, planBytes } from '../src/bounded-cache';
import { fixtureSubgraphs, fixtureSupergraph } from './support/federated-fixture';

/*
 * The caches are bounded by estimated bytes, so the estimates must track what an entry really holds on the
 * heap: at or above the measured cost (a cache never holds more than its setting), and not far above it
 * (the setting means what it says). Apollo's own estimate — JSON bytes — fails the first check 4–10×.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const COUNT = 1_000;
const SHAPES: Record<string, (i: number) => string> = {
  tiny: (i) => `query Q${i} { me { id } }`,
  'cross-product': (i) =>
    `query Q${i} { people(first: 3) { id name age ageGroup reviews(min: 2) { stars body product { upc name price } } } topProducts { upc name } }`,
  'aliases, no spaces': (i) =>
    `query Q${i}{${Array.from({ length: 25 }, (_, a) => `a${a}:people(first:${a}){id name reviews{stars}}`).join(' ')}}`,
  'aliases, indented': (i) =>
    `query Q${i} {\n${Array.from({ length: 25 }, (_, a) => `  a${a}: people(first: ${a}) {\n    id\n    name\n    reviews {\n      stars\n    }\n  }`).join('\n')}\n}`,
};

/** Measured heap bytes per value, over COUNT values that stay alive while measured. */
function measure<T>(make: (i: number) => T): { perEntry: number; sample: T } {
  const before = heapUsed();
  const kept = Array.from({ length: COUNT }, (_, i) => make(i));
  const perEntry = (heapUsed() - before) / COUNT;
  return { perEntry, sample: kept[0]! };
}

describe('cache size estimates, calibrated against the heap', () => {
  const supergraph = Supergraph.build(fixtureSupergraph(fixtureSubgraphs()));
  const planner = new QueryPlanner(supergraph);
  const apiSchema = supergraph.apiSchema();

  it.each(Object.entries(SHAPES))('a parsed document (%s): estimate ≥ heap cost ≥ 60%% of it', (_, text) => {
    const { perEntry, sample } = measure((i) => parse(text(i)));
    const estimate = documentBytes(sample);
    expect(perEntry).toBeLessThanOrEqual(estimate);
    expect(perEntry).toBeGreaterThanOrEqual(0.6 * estimate);
    // What Apollo counts by default: far below the real cost.
    expect(JSON.stringify(sample).length).toBeLessThan(perEntry / 3);
  });

  it.each(Object.entries(SHAPES))('a query plan (%s): estimate ≥ heap cost ≥ 60%% of it', (_, text) => {
    const documents: DocumentNode[] = Array.from({ length: COUNT }, (_, i) => parse(text(i)));
    const { perEntry, sample } = measure((i) =>
      planner.buildQueryPlan(operationFromDocument(apiSchema, documents[i]!, { operationName: `Q${i}` })),
    );
    const estimate = planBytes(sample);
    expect(perEntry).toBeLessThanOrEqual(estimate);
    expect(perEntry).toBeGreaterThanOrEqual(0.6 * estimate);
    expect(documents).toHaveLength(COUNT); // the documents stayed alive: only the plans were measured
  });
});
