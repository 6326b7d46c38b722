import { createLoader, type Knex } from '@mesh/product-kit';
import {
  applyCohort,
  decodeCohortId,
  encodeCohortId,
  parseCohortCriteria,
  type CohortCriteriaInput,
  type CohortNode,
} from './cohort-criteria';
import type { Vocabulary } from './vocabulary';

export interface CohortRow {
  id: string;
  name: string;
  definition: CohortCriteriaInput;
  node: CohortNode;
}

export interface ComparisonRow {
  id: string;
  a: CohortRow;
  b: CohortRow;
}

/** Request-scoped cohorts: definitions are parsed once, members fetched with one statement per cohort. */
export function createCohortStorage(db: Knex, vocabulary: Vocabulary, referenceDate: string) {
  const membersById = createLoader<string, string[], string>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        const node = cohortFromId(id).node;
        const query = applyCohort(db, db('patients as p').select('p.id'), node).orderBy('p.id');
        return ((await query) as { id: string }[]).map((row) => row.id);
      }),
    ),
  );

  function cohortFromDefinition(
    criteria: CohortCriteriaInput,
    name: string | null | undefined,
    argument: string,
  ): CohortRow {
    const label = name?.trim() || 'Cohort';
    const node = parseCohortCriteria(criteria, vocabulary, referenceDate, argument);
    return { id: encodeCohortId({ name: label, criteria }), name: label, definition: criteria, node };
  }

  function cohortFromId(id: string): CohortRow {
    const { name, criteria } = decodeCohortId(id);
    return { id, name, definition: criteria, node: parseCohortCriteria(criteria, vocabulary, referenceDate) };
  }

  return {
    fromDefinition: cohortFromDefinition,
    fromId: cohortFromId,
    compare(a: CohortRow, b: CohortRow): ComparisonRow {
      return { id: `comparison.v1.${Buffer.from(JSON.stringify([a.id, b.id])).toString('base64url')}`, a, b };
    },
    comparisonFromId(id: string): ComparisonRow {
      const payload = id.startsWith('comparison.v1.') ? id.slice('comparison.v1.'.length) : '';
      const [a, b] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8') || '[]') as string[];
      if (!a || !b) throw new Error(`Not a cohort comparison id: ${id.slice(0, 40)}`);
      return { id, a: cohortFromId(a), b: cohortFromId(b) };
    },
    members: (cohort: CohortRow) => membersById.load(cohort.id),
  };
}

export type CohortStorage = ReturnType<typeof createCohortStorage>;
