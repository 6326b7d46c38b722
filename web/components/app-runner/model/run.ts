import {
  capitalize,
  GRAPHQL_NAME,
  printTypeRef,
  type AnalysisApp,
  type EntrySchema,
  type SchemaNamedType,
} from './metadata';
import {
  entryFieldSpecs,
  groupFieldSpecs,
  groupLabel,
  groupLetter,
  parameterSpec,
  parseList,
  type AppFormValues,
  type CohortValues,
  type FieldSpec,
  type GroupValues,
  type RawValue,
} from './form';

/** Form values → validated GraphQL variables, and the operation that runs an app with them. */

// ---------------------------------------------------------------------------------------------------------
// Validation and conversion to GraphQL variables

/** Messages by field path (FieldSpec.path, or groups.0.cohort.ageMin and the like for the cohort builder). */
export type FieldErrors = Record<string, string>;

type Converted = { value?: unknown; error?: string };

const MAX_INT = 2_147_483_647;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function rangeText(spec: Pick<FieldSpec, 'minimum' | 'maximum'>): string {
  if (spec.minimum !== null && spec.maximum !== null) return ` from ${spec.minimum} to ${spec.maximum}`;
  if (spec.minimum !== null) return ` of at least ${spec.minimum}`;
  if (spec.maximum !== null) return ` of at most ${spec.maximum}`;
  return '';
}

function inRange(value: number, spec: Pick<FieldSpec, 'minimum' | 'maximum'>): boolean {
  return (spec.minimum === null || value >= spec.minimum) && (spec.maximum === null || value <= spec.maximum);
}

/** One item of a field (the whole value unless the field is a list). */
function convertItem(spec: FieldSpec, text: string, types: Record<string, SchemaNamedType>): Converted {
  const quoted = spec.list ? `"${text}" is not ` : '';
  if (spec.options.length > 0 && spec.widget !== 'checkbox') {
    if (!spec.options.some((option) => option.value === text)) {
      return {
        error: spec.list ? `"${text}" is not one of the listed values.` : 'Choose one of the listed values.',
      };
    }
  }
  switch (spec.namedType) {
    case 'Int': {
      const value = Number(text);
      if (!INTEGER.test(text) || Math.abs(value) > MAX_INT || !inRange(value, spec)) {
        return { error: `${quoted || 'Enter '}a whole number${rangeText(spec)}.` };
      }
      return { value };
    }
    case 'Float': {
      const value = Number(text);
      if (!NUMBER.test(text) || !Number.isFinite(value) || !inRange(value, spec)) {
        return { error: `${quoted || 'Enter '}a number${rangeText(spec)}.` };
      }
      return { value };
    }
    case 'Boolean':
      if (text !== 'true' && text !== 'false') return { error: 'Choose yes or no.' };
      return { value: text === 'true' };
  }
  if (types[spec.namedType]?.kind === 'INPUT_OBJECT' || spec.widget === 'json') {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { error: 'Enter valid JSON, e.g. {"name": "value"}.' };
    }
  }
  return { value: text };
}

/** A raw form value → its GraphQL variable value; `value` is absent when the field is left empty. */
export function convertField(
  spec: FieldSpec,
  raw: RawValue | undefined,
  types: Record<string, SchemaNamedType>,
) {
  const items = Array.isArray(raw)
    ? raw.filter((item) => item !== '')
    : spec.list && spec.widget !== 'json'
      ? parseList(raw ?? '')
      : [];
  const text = Array.isArray(raw) ? '' : (raw ?? '').trim();
  const empty = spec.list && spec.widget !== 'json' ? items.length === 0 : text === '';
  if (empty) {
    if (!spec.required) return {};
    const verb = spec.widget === 'select' || spec.widget === 'checkboxes' ? 'Choose' : 'Enter';
    return { error: `${verb} ${spec.label.toLowerCase()}${spec.list ? ' (at least one)' : ''}.` };
  }
  if (spec.list && spec.widget !== 'json') {
    const values: unknown[] = [];
    for (const item of items) {
      const converted = convertItem(spec, item, types);
      if (converted.error) return { error: converted.error };
      values.push(converted.value);
    }
    return { value: values };
  }
  return convertItem(spec, text, types);
}

const ICD10 = /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/;
const MAX_AGE = 150;

/**
 * The criteria builder's values → a CohortCriteria input: fields combine with AND; several diagnoses become
 * `any: [...]`, and "none of them" wraps that in `not`.
 */
export function cohortCriteria(
  values: CohortValues,
  path: string,
): { criteria: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const criteria: Record<string, unknown> = {};
  const codes = parseList(values.diagnoses).map((code) => code.toUpperCase());
  const invalidCode = codes.find((code) => !ICD10.test(code));
  if (invalidCode) {
    errors[`${path}.diagnoses`] = `"${invalidCode}" is not an ICD-10 code or category such as E11 or C50.9.`;
  } else if (codes.length > 0) {
    const clause =
      codes.length === 1 ? { diagnosis: codes[0] } : { any: codes.map((diagnosis) => ({ diagnosis })) };
    if (values.diagnosisMatch === 'NONE') criteria.not = clause;
    else Object.assign(criteria, clause);
  }
  const age = (key: 'ageMin' | 'ageMax'): number | undefined => {
    const text = values[key].trim();
    if (text === '') return undefined;
    const value = Number(text);
    if (!INTEGER.test(text) || value < 0 || value > MAX_AGE) {
      errors[`${path}.${key}`] = `Enter a whole number of years from 0 to ${MAX_AGE}.`;
      return undefined;
    }
    return value;
  };
  const ageMin = age('ageMin');
  const ageMax = age('ageMax');
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax) {
    errors[`${path}.ageMax`] = 'The maximum age must not be below the minimum age.';
  }
  if (ageMin !== undefined) criteria.ageMin = ageMin;
  if (ageMax !== undefined) criteria.ageMax = ageMax;
  if (values.sex !== '') criteria.sex = values.sex;

  const labs = values.labs.map((lab, index) => {
    const at = `${path}.labs.${index}`;
    const criterion: Record<string, unknown> = { code: lab.code.trim() };
    if (criterion.code === '') errors[`${at}.code`] = 'Choose a lab test (LOINC code).';
    for (const key of ['min', 'max'] as const) {
      const text = lab[key].trim();
      if (text === '') continue;
      if (!NUMBER.test(text)) errors[`${at}.${key}`] = 'Enter a number.';
      else criterion[key] = Number(text);
    }
    if (
      typeof criterion.min === 'number' &&
      typeof criterion.max === 'number' &&
      criterion.min > criterion.max
    ) {
      errors[`${at}.max`] = 'The maximum must not be below the minimum.';
    }
    return criterion;
  });
  if (labs.length > 0) criteria.labs = labs;
  const patientIds = parseList(values.patientIds);
  if (patientIds.length > 0) criteria.patientIds = patientIds;
  return { criteria, errors };
}

/** A readable name for a group its user did not name: "E11, female, 40-65", or "All patients". */
export function suggestGroupName(group: GroupValues, schema: EntrySchema, index: number): string {
  const parts: string[] = [];
  if (group.builder === 'cohort') {
    const { cohort } = group;
    const codes = parseList(cohort.diagnoses).map((code) => code.toUpperCase());
    if (codes.length > 0)
      parts.push(`${cohort.diagnosisMatch === 'NONE' ? 'not ' : ''}${codes.join(' or ')}`);
    if (cohort.sex) parts.push(cohort.sex.toLowerCase());
    const [min, max] = [cohort.ageMin.trim(), cohort.ageMax.trim()];
    if (min || max) parts.push(min && max ? `age ${min}-${max}` : min ? `age ${min}+` : `age up to ${max}`);
    for (const lab of cohort.labs) if (lab.code.trim()) parts.push(`lab ${lab.code.trim()}`);
    if (parseList(cohort.patientIds).length > 0)
      parts.push(`${parseList(cohort.patientIds).length} listed patients`);
    return parts.length > 0
      ? parts.join(', ')
      : schema.groupArgs.length > 1
        ? `All patients (${groupLetter(index)})`
        : 'All patients';
  }
  for (const [name, raw] of Object.entries(group.fields)) {
    const text = Array.isArray(raw) ? raw.join('|') : raw.trim();
    if (text !== '') parts.push(`${name}=${text}`);
  }
  const fallback = schema.groupArgs.length > 1 ? `All records (${groupLetter(index)})` : 'All records';
  return parts.length > 0 ? parts.join(', ').slice(0, 120) : fallback;
}

export function groupNames(values: AppFormValues, schema: EntrySchema): string[] {
  return values.groups.map((group, index) => group.name.trim() || suggestGroupName(group, schema, index));
}

// ---------------------------------------------------------------------------------------------------------
// The operation of a run

export interface AppRun {
  operation: string;
  operationName: string;
  variables: Record<string, unknown>;
}

const RESULT_SELECTION = [
  'app',
  'title',
  'computable',
  'reason',
  'parameters',
  ['table', ['columns', 'name', 'title', 'type', 'unit'], 'rows', 'rowCount'],
  [
    'statistics',
    'test',
    'statisticName',
    'testStatistic',
    'degreesOfFreedom',
    'pValue',
    'adjustedPValue',
    'effectSize',
    'effectSizeMeasure',
    'confidenceInterval',
    'testsPerformed',
    'significant',
    ['groups', 'group', 'n'],
    'notes',
  ],
  'chart',
  'product',
  'version',
  'dataVersion',
  'resultHash',
] as const;

type Selection = readonly (string | Selection)[];

function printSelection(selection: Selection, depth: number): string[] {
  const pad = '  '.repeat(depth);
  return selection.flatMap((item) => {
    if (typeof item === 'string') return [`${pad}${item}`];
    const [name, ...children] = item as readonly [string, ...Selection];
    return [`${pad}${name} {`, ...printSelection(children, depth + 1), `${pad}}`];
  });
}

/** graphql-js `print` puts arguments on their own lines once a field's line passes 80 characters. */
function printField(depth: number, head: string, args: string[]): string[] {
  const pad = '  '.repeat(depth);
  const inline = args.length > 0 ? `${head}(${args.join(', ')})` : head;
  if (inline.length <= 80) return [`${pad}${inline} {`];
  return [`${pad}${head}(`, ...args.map((arg) => `${pad}  ${arg}`), `${pad}) {`];
}

/** `genomics.differentialExpression` → `GenomicsDifferentialExpression`. */
export function operationNameOf(app: AnalysisApp): string {
  return app.id
    .split('.')
    .map(capitalize)
    .join('')
    .replace(/[^_0-9A-Za-z]/g, '');
}

/** Parameters keep their names as variables unless an entry argument already uses the name. */
export function parameterVariable(schema: EntrySchema, parameter: string): string {
  const taken = schema.args.some((arg) => arg.name === parameter);
  return taken ? `${parameter}Parameter` : parameter;
}

/**
 * The operation that runs `app`: every entry argument and every parameter is a variable, and the app's field
 * is aliased `result`, so the answer is always at `data[app.entry].result`. It depends on the app and the
 * schema only, never on the values: identical runs send identical text (and it is what graphql-js prints).
 */
export function buildOperation(app: AnalysisApp, schema: EntrySchema): string {
  for (const name of [app.entry, app.field, ...app.parameters.map((p) => p.name)]) {
    if (!GRAPHQL_NAME.test(name)) throw new Error(`${app.id}: "${name}" is not a GraphQL name.`);
  }
  const { args } = schema;
  const declarations = [
    ...args.map((arg) => `$${arg.name}: ${printTypeRef(arg.type)}`),
    ...app.parameters.map((p) => `$${parameterVariable(schema, p.name)}: ${p.type.replace(/\s/g, '')}`),
  ];
  const head = `query ${operationNameOf(app)}${declarations.length > 0 ? `(${declarations.join(', ')})` : ''} {`;
  return [
    head,
    ...printField(
      1,
      app.entry,
      args.map((arg) => `${arg.name}: $${arg.name}`),
    ),
    ...printField(
      2,
      `result: ${app.field}`,
      app.parameters.map((p) => `${p.name}: $${parameterVariable(schema, p.name)}`),
    ),
    ...printSelection(RESULT_SELECTION, 3),
    '    }',
    '  }',
    '}',
  ].join('\n');
}

/** Validates every field; when all are valid, the run: operation, operation name and variables. */
export function buildAppRun(
  app: AnalysisApp,
  schema: EntrySchema,
  values: AppFormValues,
): { ok: true; run: AppRun } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const variables: Record<string, unknown> = {};
  const names = groupNames(values, schema);

  schema.groupArgs.forEach((arg, index) => {
    const group = values.groups[index];
    if (!group) {
      errors[`groups.${index}`] = `Define ${groupLabel(schema, index).toLowerCase()}.`;
      return;
    }
    if (group.builder === 'cohort') {
      const built = cohortCriteria(group.cohort, `groups.${index}.cohort`);
      Object.assign(errors, built.errors);
      variables[arg.name] = built.criteria;
    } else {
      const definition: Record<string, unknown> = {};
      for (const spec of groupFieldSpecs(schema, index)) {
        const converted = convertField(spec, group.fields[spec.name], schema.types);
        if (converted.error) errors[spec.path] = converted.error;
        else if ('value' in converted) definition[spec.name] = converted.value;
      }
      variables[arg.name] = definition;
    }
    if (group.name.length > 200) errors[`groups.${index}.name`] = 'Use at most 200 characters.';
  });
  schema.nameArgs.forEach((arg, index) => {
    if (arg) variables[arg.name] = names[index];
  });
  for (const spec of entryFieldSpecs(schema)) {
    const converted = convertField(spec, values.entry[spec.name], schema.types);
    if (converted.error) errors[spec.path] = converted.error;
    else if ('value' in converted) variables[spec.name] = converted.value;
  }
  for (const parameter of app.parameters) {
    const spec = parameterSpec(parameter, schema.types);
    const converted = convertField(spec, values.parameters[parameter.name], schema.types);
    if (converted.error) errors[spec.path] = converted.error;
    else if ('value' in converted) variables[parameterVariable(schema, parameter.name)] = converted.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    run: { operation: buildOperation(app, schema), operationName: operationNameOf(app), variables },
  };
}

/** "Differential expression: Breast cancer vs Lung, colon, pancreas" (the workspace allows 200 characters). */
export function runTitle(app: AnalysisApp, names: readonly string[]): string {
  const title = `${app.title}: ${names.join(' vs ')}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}
