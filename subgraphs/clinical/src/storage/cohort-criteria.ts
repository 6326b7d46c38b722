import { badUserInput, canonicalJson, InputErrorReason, type Knex } from '@mesh/product-kit';
import { parsePatientFilter, type PatientCriteria, type PatientFilterInput } from './patient-filter';
import type { Vocabulary } from './vocabulary';

/** A cohort definition as clients write it: the patient filter plus all / any / not and explicit ids. */
export interface CohortCriteriaInput extends PatientFilterInput {
  patientIds?: string[] | null;
  all?: CohortCriteriaInput[] | null;
  any?: CohortCriteriaInput[] | null;
  not?: CohortCriteriaInput | null;
}

/** Validated, normalised criteria: equal meaning gives equal JSON, hence equal cohort ids. */
export type CohortNode =
  | { kind: 'filter'; criteria: PatientCriteria }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'all'; children: CohortNode[] }
  | { kind: 'any'; children: CohortNode[] }
  | { kind: 'not'; child: CohortNode };

const MAX_DEPTH = 8;
const MAX_NODES = 200;
const MAX_IDS = 200_000;

export function parseCohortCriteria(
  input: CohortCriteriaInput,
  vocabulary: Vocabulary,
  referenceDate: string,
  argument = 'criteria',
): CohortNode {
  let nodes = 0;
  const visit = (node: CohortCriteriaInput, path: string, depth: number): CohortNode => {
    nodes += 1;
    if (depth > MAX_DEPTH || nodes > MAX_NODES) {
      throw badUserInput(
        `${argument} is too deep or too large (at most ${MAX_DEPTH} levels and ${MAX_NODES} criteria).`,
        {
          reason: InputErrorReason.InvalidFilter,
          argument: path,
        },
      );
    }
    const parts: CohortNode[] = [];
    const { patientIds, all, any, not, ...filter } = node;
    const hasFilter = Object.values(filter).some((value) => value !== null && value !== undefined);
    if (hasFilter) {
      try {
        parts.push({ kind: 'filter', criteria: parsePatientFilter(filter, vocabulary, referenceDate) });
      } catch (error) {
        // Re-point the error at the nested criterion the client wrote.
        const ext = (error as { extensions?: { argument?: string } }).extensions;
        if (ext?.argument) ext.argument = ext.argument.replace(/^filter/, path);
        throw error;
      }
    }
    if (patientIds) {
      if (patientIds.length > MAX_IDS) {
        throw badUserInput(`${path}.patientIds takes at most ${MAX_IDS} ids.`, {
          reason: InputErrorReason.TooManyValues,
          argument: `${path}.patientIds`,
        });
      }
      parts.push({ kind: 'ids', ids: [...new Set(patientIds)].sort() });
    }
    if (all)
      parts.push({
        kind: 'all',
        children: all.map((child, i) => visit(child, `${path}.all[${i}]`, depth + 1)),
      });
    if (any) {
      if (any.length === 0)
        throw badUserInput(`${path}.any needs at least one criterion.`, {
          reason: InputErrorReason.InvalidFilter,
          argument: `${path}.any`,
        });
      parts.push({
        kind: 'any',
        children: any.map((child, i) => visit(child, `${path}.any[${i}]`, depth + 1)),
      });
    }
    if (not) parts.push({ kind: 'not', child: visit(not, `${path}.not`, depth + 1) });
    if (parts.length === 0) return { kind: 'all', children: [] };
    return parts.length === 1 ? parts[0]! : { kind: 'all', children: parts };
  };
  return visit(input, argument, 0);
}

function applyFilter(db: Knex, query: Knex.QueryBuilder, criteria: PatientCriteria): void {
  if (criteria.sex) query.where('p.sex', criteria.sex);
  if (criteria.bornOnOrBefore) query.where('p.birth_date', '<=', criteria.bornOnOrBefore);
  if (criteria.bornAfter) query.where('p.birth_date', '>', criteria.bornAfter);
  const { diagnosis } = criteria;
  if (diagnosis) {
    // A category (E11) matches its subcodes (E11.x); a full code (E11.9) matches itself and finer codes.
    const below = diagnosis.includes('.') ? `${diagnosis}%` : `${diagnosis}.%`;
    query.whereExists(
      db('diagnoses as d')
        .select(db.raw('1'))
        .whereRaw('d.patient_id = p.id')
        .andWhere((q) => q.where('d.code', diagnosis).orWhere('d.code', 'like', below)),
    );
  }
  for (const lab of criteria.labs) {
    query.whereExists(
      db('lab_results as l')
        .select(db.raw('1'))
        .whereRaw('l.patient_id = p.id')
        .andWhere('l.code', lab.code)
        .andWhereBetween('l.value', [lab.min, lab.max]),
    );
  }
}

/**
 * Adds the cohort's condition on `patients as p` to a query. Explicit id lists go in as one JSON parameter
 * (json_each), so a cohort of any size is one statement, within SQLite's parameter limit.
 */
export function applyCohort(db: Knex, query: Knex.QueryBuilder, node: CohortNode): Knex.QueryBuilder {
  switch (node.kind) {
    case 'filter':
      applyFilter(db, query, node.criteria);
      break;
    case 'ids':
      query.whereRaw('p.id IN (SELECT value FROM json_each(?))', [JSON.stringify(node.ids)]);
      break;
    case 'all':
      for (const child of node.children) query.where((q) => void applyCohort(db, q, child));
      break;
    case 'any':
      query.where((outer) => {
        for (const child of node.children) outer.orWhere((q) => void applyCohort(db, q, child));
      });
      break;
    case 'not':
      query.whereNot((q) => void applyCohort(db, q, node.child));
      break;
  }
  return query;
}

/** Flat patient-search filters are the one-node case of a cohort. */
export function filterNode(criteria: PatientCriteria): CohortNode {
  return { kind: 'filter', criteria };
}

/**
 * Cohort ids carry their definition (versioned, base64url canonical JSON), so every product and every
 * instance resolves the same id to the same patients without shared state.
 */
export function encodeCohortId(definition: { name: string; criteria: CohortCriteriaInput }): string {
  return `cohort.v1.${Buffer.from(canonicalJson(definition), 'utf8').toString('base64url')}`;
}

export function decodeCohortId(id: string): { name: string; criteria: CohortCriteriaInput } {
  const [prefix, version, payload] = id.split('.');
  if (prefix !== 'cohort' || version !== 'v1' || !payload) {
    throw badUserInput(
      `"${id.slice(0, 40)}" is not a cohort id. Use Cohort.id from cohort() or compareCohorts().`,
      {
        reason: InputErrorReason.InvalidFilter,
        argument: 'id',
      },
    );
  }
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      name: string;
      criteria: CohortCriteriaInput;
    };
    if (typeof parsed.name !== 'string' || typeof parsed.criteria !== 'object') throw new Error('shape');
    return parsed;
  } catch {
    throw badUserInput('The cohort id is damaged. Use Cohort.id exactly as returned.', {
      reason: InputErrorReason.InvalidFilter,
      argument: 'id',
    });
  }
}
