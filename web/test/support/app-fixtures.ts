import {
  entrySchemaOf,
  type AnalysisApp,
  type EntrySchema,
  type SchemaInputValue,
  type SchemaIntrospection,
  type TypeRef,
} from '../../lib/apps';

/** App metadata and a slice of the supergraph's introspection, for the app runner's unit tests. */

// A slice of the supergraph as introspection returns it: clinical's cohort entries and gapminder's selection.
export const named = (name: string, kind = 'SCALAR'): TypeRef => ({ kind, name, ofType: null });
export const nonNull = (ofType: TypeRef): TypeRef => ({ kind: 'NON_NULL', name: null, ofType });
export const list = (ofType: TypeRef): TypeRef => ({ kind: 'LIST', name: null, ofType });
export const arg = (name: string, type: TypeRef, description: string | null = null): SchemaInputValue => ({
  name,
  description,
  type,
  defaultValue: null,
});
export const criteria = named('CohortCriteria', 'INPUT_OBJECT');
export const filter = named('GapminderFilter', 'INPUT_OBJECT');

export const SCHEMA: SchemaIntrospection = {
  queryType: {
    fields: [
      {
        name: 'cohort',
        args: [arg('criteria', nonNull(criteria)), arg('name', named('String'))],
        type: named('Cohort'),
      },
      {
        name: 'compareCohorts',
        args: [
          arg('a', nonNull(criteria)),
          arg('b', nonNull(criteria)),
          arg('nameA', named('String')),
          arg('nameB', named('String')),
        ],
        type: named('CohortComparison'),
      },
      {
        name: 'gapminderSelection',
        args: [arg('filter', nonNull(filter)), arg('name', named('String'))],
        type: named('GapminderSelection'),
      },
    ],
  },
  types: [
    {
      kind: 'INPUT_OBJECT',
      name: 'CohortCriteria',
      description: null,
      enumValues: null,
      inputFields: [
        arg('diagnosis', named('String')),
        arg('ageMin', named('Int')),
        arg('ageMax', named('Int')),
        arg('sex', named('Sex', 'ENUM')),
        arg('labs', list(nonNull(named('LabCriterion', 'INPUT_OBJECT')))),
        arg('any', list(nonNull(criteria))),
        arg('not', criteria),
      ],
    },
    {
      kind: 'INPUT_OBJECT',
      name: 'LabCriterion',
      description: null,
      enumValues: null,
      inputFields: [
        arg('code', nonNull(named('String'))),
        arg('min', named('Float')),
        arg('max', named('Float')),
      ],
    },
    {
      kind: 'ENUM',
      name: 'Sex',
      description: null,
      inputFields: null,
      enumValues: [
        { name: 'FEMALE', description: null },
        { name: 'MALE', description: null },
      ],
    },
    {
      kind: 'ENUM',
      name: 'SampleType',
      description: null,
      inputFields: null,
      enumValues: ['TUMOR', 'NORMAL', 'BLOOD'].map((name) => ({ name, description: null })),
    },
    {
      kind: 'INPUT_OBJECT',
      name: 'GapminderFilter',
      description: null,
      enumValues: null,
      inputFields: [
        arg('region', named('String'), 'region equals this value.'),
        arg('regionIn', list(nonNull(named('String')))),
        arg('incomeMin', named('Int')),
        arg('healthMin', named('Float')),
      ],
    },
  ],
};

export const DIFFERENTIAL_EXPRESSION: AnalysisApp = {
  id: 'genomics.differentialExpression',
  product: 'genomics',
  name: 'differentialExpression',
  title: 'Differential expression',
  description: 'Every gene of the panel compared between two cohorts.',
  input: 'TWO_GROUPS',
  entry: 'compareCohorts',
  groupType: 'CohortCriteria',
  target: 'CohortComparison',
  field: 'differentialExpression',
  output: 'One row per gene.',
  chart: 'volcano',
  parameters: [
    {
      name: 'sampleType',
      title: 'Sample type',
      help: 'Which samples to compare.',
      type: 'SampleType',
      kind: 'ENUM',
      required: false,
      default: 'TUMOR',
      allowedValues: ['TUMOR', 'NORMAL', 'BLOOD'].map((value) => ({ value, label: value.toLowerCase() })),
      minimum: null,
      maximum: null,
    },
    {
      name: 'fdr',
      title: 'False discovery rate',
      help: 'Benjamini-Hochberg threshold.',
      type: 'Float',
      kind: 'NUMBER',
      required: false,
      default: 0.05,
      allowedValues: null,
      minimum: 0.0001,
      maximum: 0.5,
    },
  ],
};

export const GAPMINDER_FILTER: AnalysisApp = {
  id: 'gapminder.filter',
  product: 'gapminder',
  name: 'filter',
  title: 'Filter records',
  description: 'The records matching a filter.',
  input: 'ONE_GROUP',
  entry: 'gapminderSelection',
  groupType: 'GapminderFilter',
  target: 'GapminderSelection',
  field: 'rows',
  output: 'Every column.',
  chart: 'scatter',
  parameters: [
    {
      name: 'first',
      title: 'Rows',
      help: 'How many records to show (1-1000).',
      type: 'Int',
      kind: 'INTEGER',
      required: false,
      default: 100,
      allowedValues: null,
      minimum: 1,
      maximum: 1000,
    },
    {
      name: 'descending',
      title: 'Descending',
      help: 'Largest first.',
      type: 'Boolean',
      kind: 'BOOLEAN',
      required: false,
      default: false,
      allowedValues: null,
      minimum: null,
      maximum: null,
    },
    {
      name: 'variables',
      title: 'Columns',
      help: 'Which columns.',
      type: '[String!]',
      kind: 'VARIABLE',
      required: false,
      default: null,
      allowedValues: [
        { value: 'income', label: 'income' },
        { value: 'health', label: 'health' },
      ],
      minimum: null,
      maximum: null,
    },
  ],
};

export function schemaFor(app: AnalysisApp): EntrySchema {
  const found = entrySchemaOf(app, SCHEMA);
  if (!found.ok) throw new Error(found.reason);
  return found.schema;
}
