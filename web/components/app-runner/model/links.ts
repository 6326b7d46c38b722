import {
  groupLabel,
  groupFieldSpecs,
  entryFieldSpecs,
  parameterSpec,
  defaultFormValues,
  EMPTY_COHORT,
  type AppFormValues,
  type CohortValues,
  type FieldSpec,
  type GroupValues,
  type RawValue,
} from './form';
import type { AnalysisApp, EntrySchema } from './metadata';
import { parameterVariable, suggestGroupName } from './run';

/** Runs in URLs: form values (`?values=`) and recorded variables (`?variables=`), both base64url JSON. */

// ---------------------------------------------------------------------------------------------------------
// Form values in a URL: /apps/<id>?values=<base64url JSON>

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}

export function encodeFormValues(values: AppFormValues): string {
  return toBase64Url(JSON.stringify(values));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isRaw = (value: unknown): value is RawValue =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
const str = (value: unknown) => (typeof value === 'string' ? value : '');

function decodeRawRecord(value: unknown): Record<string, RawValue> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, RawValue] => isRaw(entry[1])),
  );
}

function decodeGroup(value: unknown): GroupValues | null {
  if (!isRecord(value)) return null;
  const name = str(value.name);
  if (value.builder === 'fields') return { name, builder: 'fields', fields: decodeRawRecord(value.fields) };
  if (value.builder !== 'cohort' || !isRecord(value.cohort)) return null;
  const cohort = value.cohort;
  return {
    name,
    builder: 'cohort',
    cohort: {
      diagnoses: str(cohort.diagnoses),
      diagnosisMatch: cohort.diagnosisMatch === 'NONE' ? 'NONE' : 'ANY',
      sex: str(cohort.sex),
      ageMin: str(cohort.ageMin),
      ageMax: str(cohort.ageMax),
      labs: (Array.isArray(cohort.labs) ? cohort.labs : [])
        .filter(isRecord)
        .map((lab) => ({ code: str(lab.code), min: str(lab.min), max: str(lab.max) })),
      patientIds: str(cohort.patientIds),
    },
  };
}

/** The inverse of encodeFormValues; null for anything that is not form values (a mangled or foreign link). */
export function decodeFormValues(encoded: string): AppFormValues | null {
  try {
    const value: unknown = JSON.parse(fromBase64Url(encoded));
    if (!isRecord(value) || !Array.isArray(value.groups)) return null;
    const groups = value.groups.map(decodeGroup);
    if (groups.some((group) => group === null)) return null;
    return {
      groups: groups as GroupValues[],
      entry: decodeRawRecord(value.entry),
      parameters: decodeRawRecord(value.parameters),
    };
  } catch {
    return null;
  }
}

/**
 * Decoded values laid over the defaults: only what this app's form has (known groups, entry arguments and
 * parameters, the right builder, the right shape per widget) is taken, so an old or edited link cannot break
 * the form.
 */
export function mergeFormValues(
  app: AnalysisApp,
  schema: EntrySchema,
  decoded: AppFormValues | null,
): AppFormValues {
  const defaults = defaultFormValues(app, schema);
  if (!decoded) return defaults;
  const pick = (specs: FieldSpec[], base: Record<string, RawValue>, given: Record<string, RawValue>) =>
    Object.fromEntries(
      specs.map((spec) => {
        const value = given[spec.name];
        const fits = value !== undefined && Array.isArray(value) === (spec.widget === 'checkboxes');
        return [spec.name, fits ? value : base[spec.name]!];
      }),
    );
  return {
    groups: defaults.groups.map((base, index) => {
      const given = decoded.groups[index];
      if (!given || given.builder !== base.builder) return base;
      if (given.builder === 'cohort') return given;
      return {
        ...given,
        fields: pick(
          groupFieldSpecs(schema, index),
          (base as { fields: Record<string, RawValue> }).fields,
          given.fields,
        ),
      };
    }),
    entry: pick(entryFieldSpecs(schema), defaults.entry, decoded.entry),
    parameters: pick(
      app.parameters.map((parameter) => parameterSpec(parameter, schema.types)),
      defaults.parameters,
      decoded.parameters,
    ),
  };
}

/** A link that opens an app's form filled with `values` (for history entries and shared runs). */
export function appHref(appId: string, values?: AppFormValues): string {
  const path = `/apps/${encodeURIComponent(appId)}`;
  return values ? `${path}?values=${encodeFormValues(values)}` : path;
}

// ---------------------------------------------------------------------------------------------------------
// Re-opening a recorded run: its variables (what the workspace history stores) back into form values

/** `/apps/<id>?variables=<base64url JSON>`: opens an app's form filled from a recorded run's variables. */
export function appRunHref(appId: string, variables: Record<string, unknown>): string {
  return `/apps/${encodeURIComponent(appId)}?variables=${toBase64Url(JSON.stringify(variables))}`;
}

export function decodeRunVariables(encoded: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(fromBase64Url(encoded));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function rawOf(value: unknown, spec: FieldSpec): RawValue {
  if (spec.widget === 'checkboxes') return Array.isArray(value) ? value.map(String) : [String(value)];
  if (spec.widget === 'json') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const diagnosisOnly = (value: unknown): value is { diagnosis: string } =>
  isRecord(value) && typeof value.diagnosis === 'string' && Object.keys(value).length === 1;

/** A diagnosis clause as the builder writes it: `{diagnosis}` or `{any: [{diagnosis}, …]}`. */
function diagnosesOf(clause: unknown): string[] | null {
  if (diagnosisOnly(clause)) return [clause.diagnosis];
  if (
    isRecord(clause) &&
    Object.keys(clause).length === 1 &&
    Array.isArray(clause.any) &&
    clause.any.every(diagnosisOnly)
  ) {
    return clause.any.map((item) => item.diagnosis);
  }
  return null;
}

/** CohortCriteria → the builder's values; what the builder cannot show (all, nested any/not) is reported. */
export function cohortValuesOf(
  criteria: unknown,
  label: string,
): { cohort: CohortValues; unsupported: string[] } {
  const cohort: CohortValues = { ...EMPTY_COHORT, labs: [] };
  const unsupported: string[] = [];
  if (!isRecord(criteria))
    return { cohort, unsupported: criteria == null ? [] : [`${label}: not an object`] };
  const { diagnosis, any, not, ageMin, ageMax, sex, labs, patientIds, ...rest } = criteria;
  const positive = diagnosesOf({
    ...(diagnosis !== undefined && { diagnosis }),
    ...(any !== undefined && { any }),
  });
  const negative = not === undefined ? null : diagnosesOf(not);
  if (diagnosis !== undefined || any !== undefined) {
    if (positive) cohort.diagnoses = positive.join(', ');
    else
      unsupported.push(
        `${label}: ${diagnosis !== undefined && any !== undefined ? 'diagnosis with any' : 'any'}`,
      );
  }
  if (not !== undefined) {
    if (negative && !positive) {
      cohort.diagnoses = negative.join(', ');
      cohort.diagnosisMatch = 'NONE';
    } else unsupported.push(`${label}: not`);
  }
  if (typeof ageMin === 'number') cohort.ageMin = String(ageMin);
  if (typeof ageMax === 'number') cohort.ageMax = String(ageMax);
  if (typeof sex === 'string') cohort.sex = sex;
  if (Array.isArray(labs)) {
    cohort.labs = labs.filter(isRecord).map((lab) => ({
      code: str(lab.code),
      min: typeof lab.min === 'number' ? String(lab.min) : '',
      max: typeof lab.max === 'number' ? String(lab.max) : '',
    }));
  }
  if (Array.isArray(patientIds)) cohort.patientIds = patientIds.map(String).join(', ');
  for (const key of Object.keys(rest)) unsupported.push(`${label}: ${key}`);
  return { cohort, unsupported };
}

/**
 * A recorded run's variables → the form that produces them again (for apps built by `buildAppRun`). Parts the
 * form cannot show are listed in `unsupported`, so the page can say what re-running would leave out.
 */
export function formValuesFromVariables(
  app: AnalysisApp,
  schema: EntrySchema,
  variables: Record<string, unknown>,
): { values: AppFormValues; unsupported: string[] } {
  const values = defaultFormValues(app, schema);
  const unsupported: string[] = [];
  const fill = (specs: FieldSpec[], target: Record<string, RawValue>, source: Record<string, unknown>) => {
    for (const spec of specs) {
      const value = source[spec.name];
      if (value !== undefined && value !== null) target[spec.name] = rawOf(value, spec);
    }
  };
  schema.groupArgs.forEach((arg, index) => {
    const group = values.groups[index]!;
    const definition = variables[arg.name];
    if (group.builder === 'cohort') {
      const found = cohortValuesOf(definition, groupLabel(schema, index));
      group.cohort = found.cohort;
      unsupported.push(...found.unsupported);
    } else if (isRecord(definition)) {
      fill(groupFieldSpecs(schema, index), group.fields, definition);
    }
    // A name the form generated from the criteria stays empty, so it follows later edits of them.
    const nameArg = schema.nameArgs[index];
    const name = nameArg ? variables[nameArg.name] : undefined;
    if (typeof name === 'string' && name !== suggestGroupName(group, schema, index)) group.name = name;
  });
  fill(entryFieldSpecs(schema), values.entry, variables);
  const parameters = app.parameters.map((parameter) => parameterSpec(parameter, schema.types));
  fill(
    parameters,
    values.parameters,
    Object.fromEntries(app.parameters.map((p) => [p.name, variables[parameterVariable(schema, p.name)]])),
  );
  return { values, unsupported };
}
