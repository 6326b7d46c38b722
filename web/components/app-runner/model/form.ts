import {
  capitalize,
  namedTypeOf,
  parseTypeText,
  type AllowedValue,
  type AnalysisApp,
  type AppParameter,
  type EntrySchema,
  type SchemaInputValue,
  type SchemaNamedType,
} from './metadata';

/** Form fields generated from metadata, and the values a form holds (plain JSON, so a URL can carry them). */

// ---------------------------------------------------------------------------------------------------------
// Form fields: one description per input, whether an app parameter or an input field of a group type

/** A raw form value: text (or a select's value), or the checked values of a checkbox group. */
export type RawValue = string | string[];

export type Widget = 'text' | 'integer' | 'number' | 'checkbox' | 'select' | 'checkboxes' | 'list' | 'json';

export interface FieldSpec {
  /** Where the value lives in AppFormValues and its errors: parameters.fdr, groups.0.fields.region, entry.x */
  path: string;
  name: string;
  label: string;
  help: string;
  required: boolean;
  list: boolean;
  /** Int, Float, Boolean, String, ID, an enum or input type, or a custom scalar. */
  namedType: string;
  widget: Widget;
  options: AllowedValue[];
  /** Shown as the first option of a select; absent when a value must be chosen from the options alone. */
  emptyOption: string | null;
  minimum: number | null;
  maximum: number | null;
  defaultValue: RawValue;
}

function defaultRaw(value: unknown, widget: Widget): RawValue {
  if (value === null || value === undefined) return widget === 'checkboxes' ? [] : '';
  if (Array.isArray(value)) return widget === 'checkboxes' ? value.map(String) : value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function widgetFor(
  named: string,
  list: boolean,
  options: AllowedValue[],
  types: Record<string, SchemaNamedType>,
): Widget {
  if (options.length > 0) return list ? 'checkboxes' : 'select';
  if (types[named]?.kind === 'INPUT_OBJECT') return 'json';
  if (list) return 'list';
  if (named === 'Boolean') return 'checkbox';
  if (named === 'Int') return 'integer';
  if (named === 'Float') return 'number';
  return 'text';
}

function enumOptions(named: string, types: Record<string, SchemaNamedType>): AllowedValue[] {
  return (types[named]?.enumValues ?? []).map(({ name }) => ({ value: name, label: name }));
}

/** Optional booleans without a default need a third state ("not set"), so they become a select. */
function finishSpec(spec: Omit<FieldSpec, 'emptyOption'>, hasDefault: boolean): FieldSpec {
  if (spec.widget === 'checkbox' && !spec.required && !hasDefault) {
    return {
      ...spec,
      widget: 'select',
      options: [
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ],
      emptyOption: 'Not set',
    };
  }
  if (spec.widget === 'checkbox')
    return { ...spec, defaultValue: spec.defaultValue || 'false', emptyOption: null };
  if (spec.widget !== 'select') return { ...spec, emptyOption: null };
  return { ...spec, emptyOption: hasDefault ? null : spec.required ? 'Choose…' : 'Not set' };
}

export function parameterSpec(parameter: AppParameter, types: Record<string, SchemaNamedType>): FieldSpec {
  const { named, list } = parseTypeText(parameter.type);
  const options = parameter.allowedValues?.length ? parameter.allowedValues : enumOptions(named, types);
  const widget = widgetFor(named, list, options, types);
  const hasDefault = parameter.default !== null && parameter.default !== undefined;
  return finishSpec(
    {
      path: `parameters.${parameter.name}`,
      name: parameter.name,
      label: parameter.title,
      help: parameter.help,
      required: parameter.required,
      list,
      namedType: named,
      widget,
      options,
      minimum: parameter.minimum,
      maximum: parameter.maximum,
      defaultValue: defaultRaw(parameter.default, widget),
    },
    hasDefault,
  );
}

/** A default as introspection prints it (a GraphQL literal: `12`, `"text"`, `AUTO`, `["a", "b"]`) → a value. */
function literalDefault(literal: string | null): unknown {
  if (literal === null) return null;
  try {
    return JSON.parse(literal);
  } catch {
    if (!literal.startsWith('[')) return literal; // an enum value
    return parseList(literal.slice(1, -1)).map((item) => item.replace(/^"|"$/g, ''));
  }
}

/** `incomeMin` → "Income min"; a field's description, when it has one, says the rest. */
function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return capitalize(words);
}

export function inputFieldSpec(
  input: SchemaInputValue,
  path: string,
  types: Record<string, SchemaNamedType>,
): FieldSpec {
  const named = namedTypeOf(input.type);
  const list =
    input.type.kind === 'LIST' || (input.type.kind === 'NON_NULL' && input.type.ofType?.kind === 'LIST');
  const options = enumOptions(named, types);
  const widget = widgetFor(named, list, options, types);
  const fallback = literalDefault(input.defaultValue);
  return finishSpec(
    {
      path,
      name: input.name,
      label: humanize(input.name),
      help: input.description ?? '',
      required: input.type.kind === 'NON_NULL' && input.defaultValue === null,
      list,
      namedType: named,
      widget,
      options,
      minimum: null,
      maximum: null,
      defaultValue: defaultRaw(fallback, widget),
    },
    fallback !== null,
  );
}

/** Generic fields of one group (its input type's fields), for entries without a dedicated builder. */
export function groupFieldSpecs(schema: EntrySchema, groupIndex: number): FieldSpec[] {
  const fields = schema.types[schema.groupType]?.inputFields ?? [];
  return fields.map((field) =>
    inputFieldSpec(field, `groups.${groupIndex}.fields.${field.name}`, schema.types),
  );
}

export function entryFieldSpecs(schema: EntrySchema): FieldSpec[] {
  return schema.otherArgs.map((arg) => inputFieldSpec(arg, `entry.${arg.name}`, schema.types));
}

// ---------------------------------------------------------------------------------------------------------
// Form values

export interface LabValues {
  code: string;
  min: string;
  max: string;
}

/** The criteria builder's state; `cohortCriteria` turns it into a CohortCriteria input object. */
export interface CohortValues {
  /** ICD-10 codes or categories, comma-separated. */
  diagnoses: string;
  /** ANY: the patient has at least one of them; NONE: none of them. */
  diagnosisMatch: 'ANY' | 'NONE';
  sex: string;
  ageMin: string;
  ageMax: string;
  labs: LabValues[];
  patientIds: string;
}

export type GroupValues =
  | { name: string; builder: 'cohort'; cohort: CohortValues }
  | { name: string; builder: 'fields'; fields: Record<string, RawValue> };

export interface AppFormValues {
  groups: GroupValues[];
  entry: Record<string, RawValue>;
  parameters: Record<string, RawValue>;
}

export const EMPTY_COHORT: CohortValues = {
  diagnoses: '',
  diagnosisMatch: 'ANY',
  sex: '',
  ageMin: '',
  ageMax: '',
  labs: [],
  patientIds: '',
};

export function groupLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** "Cohort A", "Group B"; a single group is just "Cohort" or "Group". */
export function groupLabel(schema: EntrySchema, index: number): string {
  const noun = schema.cohortBuilder ? 'Cohort' : 'Group';
  return schema.groupArgs.length > 1 ? `${noun} ${groupLetter(index)}` : noun;
}

function defaultsOf(specs: readonly FieldSpec[]): Record<string, RawValue> {
  return Object.fromEntries(specs.map((spec) => [spec.name, spec.defaultValue]));
}

export function defaultFormValues(app: AnalysisApp, schema: EntrySchema): AppFormValues {
  return {
    groups: schema.groupArgs.map((_, index): GroupValues =>
      schema.cohortBuilder
        ? { name: '', builder: 'cohort', cohort: { ...EMPTY_COHORT, labs: [] } }
        : { name: '', builder: 'fields', fields: defaultsOf(groupFieldSpecs(schema, index)) },
    ),
    entry: defaultsOf(entryFieldSpecs(schema)),
    parameters: defaultsOf(app.parameters.map((parameter) => parameterSpec(parameter, schema.types))),
  };
}

/** Splits "C50, C34 C18" or a pasted column of ids into trimmed, unique items, in the order typed. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((item) => item.length > 0))];
}
