/** What products say about their apps (`<product>Product.apps`) and what the schema says about their entries. */

// ---------------------------------------------------------------------------------------------------------
// App metadata (mirrors the product kit's AnalysisApp)

export type AnalysisInput = 'ONE_GROUP' | 'TWO_GROUPS';

export interface AllowedValue {
  value: string;
  label: string;
}

export interface AppParameter {
  name: string;
  title: string;
  help: string;
  /** GraphQL type of the argument as written in the SDL, e.g. "String!", "[String!]", "Float". */
  type: string;
  kind: string;
  required: boolean;
  default: unknown;
  allowedValues: AllowedValue[] | null;
  minimum: number | null;
  maximum: number | null;
}

export interface AnalysisApp {
  /** product.name, e.g. genomics.differentialExpression */
  id: string;
  product: string;
  name: string;
  title: string;
  description: string;
  input: AnalysisInput;
  entry: string;
  groupType: string;
  target: string;
  field: string;
  parameters: AppParameter[];
  output: string;
  chart: string;
}

export interface ProductApps {
  /** Root field that serves the product, e.g. clinicalProduct. */
  field: string;
  name: string;
  title: string;
  version: string;
  dataVersion: string;
  apps: AnalysisApp[];
}

export const PRODUCT_APPS_SELECTION =
  'name title version dataVersion apps { id product name title description input entry groupType target field ' +
  'output chart parameters { name title help type kind required default allowedValues { value label } minimum maximum } }';

export const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const APP_ID = /^([a-z][a-z0-9]*)\.([A-Za-z][A-Za-z0-9]*)$/;

/** `genomics.differentialExpression` → its product and app name; null when it cannot be an app id. */
export function parseAppId(id: string): { product: string; name: string } | null {
  const match = APP_ID.exec(id);
  return match ? { product: match[1]!, name: match[2]! } : null;
}

/** Every app of every product, ordered by product then title. */
export function listApps(products: readonly ProductApps[]): AnalysisApp[] {
  return [...products]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((product) => [...product.apps].sort((a, b) => a.title.localeCompare(b.title)));
}

export function findApp(products: readonly ProductApps[], id: string): AnalysisApp | null {
  return products.flatMap((product) => product.apps).find((app) => app.id === id) ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Schema: the entry field's arguments and the input types they reach (from introspection)

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

export interface SchemaInputValue {
  name: string;
  description: string | null;
  type: TypeRef;
  defaultValue: string | null;
}

export interface SchemaNamedType {
  kind: string;
  name: string;
  description: string | null;
  inputFields: SchemaInputValue[] | null;
  enumValues: { name: string; description: string | null }[] | null;
}

export interface SchemaIntrospection {
  queryType: { fields: { name: string; args: SchemaInputValue[]; type: TypeRef }[] };
  types: SchemaNamedType[];
}

const TYPE_REF =
  'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INPUT_VALUE = `name description defaultValue type { ${TYPE_REF} }`;

/** One request for what a form needs: root fields with their arguments, and every input and enum type. */
export const SCHEMA_INTROSPECTION_QUERY =
  `query AppSchema { __schema { queryType { fields { name args { ${INPUT_VALUE} } type { ${TYPE_REF} } } } ` +
  `types { kind name description inputFields { ${INPUT_VALUE} } enumValues { name description } } } }`;

export interface EntrySchema {
  entry: string;
  groupType: string;
  /** Every argument of the entry field, in declaration order (introspection preserves it). */
  args: SchemaInputValue[];
  /** One argument per group, in declaration order (a, b), each of type `groupType`. */
  groupArgs: SchemaInputValue[];
  /** The name argument of each group (`name`, or `nameA`/`nameB`), when the entry has one. */
  nameArgs: (SchemaInputValue | null)[];
  /** Any other argument of the entry field, rendered generically. */
  otherArgs: SchemaInputValue[];
  /** Input object and enum types reachable from the entry's arguments and the app's parameters. */
  types: Record<string, SchemaNamedType>;
  /** Clinical's CohortCriteria gets a criteria builder instead of one field per input field. */
  cohortBuilder: boolean;
}

export function namedTypeOf(ref: TypeRef): string {
  let current: TypeRef | null = ref;
  while (current && current.name === null) current = current.ofType;
  return current?.name ?? '';
}

export function printTypeRef(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${printTypeRef(ref.ofType!)}!`;
  if (ref.kind === 'LIST') return `[${printTypeRef(ref.ofType!)}]`;
  return ref.name ?? '';
}

/** `[String!]!` → list, required, named String (the SDL text the product kit serves for parameters). */
export function parseTypeText(text: string): { named: string; list: boolean; required: boolean } {
  const required = text.endsWith('!');
  const list = text.startsWith('[');
  return { named: text.replace(/[[\]!\s]/g, ''), list, required };
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The part of the schema a run of `app` needs. Fails (with a message for the page) when the entry field is
 * missing or does not take as many groups as the app's input says.
 */
export function entrySchemaOf(
  app: AnalysisApp,
  schema: SchemaIntrospection,
): { ok: true; schema: EntrySchema } | { ok: false; reason: string } {
  const field = schema.queryType.fields.find(({ name }) => name === app.entry);
  if (!field)
    return { ok: false, reason: `The supergraph has no root field ${app.entry}, the entry of ${app.id}.` };
  const groupArgs = field.args.filter((arg) => namedTypeOf(arg.type) === app.groupType);
  const expected = app.input === 'TWO_GROUPS' ? 2 : 1;
  if (groupArgs.length !== expected) {
    return {
      ok: false,
      reason: `${app.entry} takes ${groupArgs.length} argument(s) of type ${app.groupType}; ${app.id} needs ${expected}.`,
    };
  }
  const isName = (arg: SchemaInputValue | undefined) => arg && namedTypeOf(arg.type) === 'String';
  const nameArgs = groupArgs.map((group) => {
    const candidate =
      field.args.find((arg) => arg.name === `name${capitalize(group.name)}`) ??
      (expected === 1 ? field.args.find((arg) => arg.name === 'name') : undefined);
    return isName(candidate) ? candidate! : null;
  });
  const otherArgs = field.args.filter((arg) => !groupArgs.includes(arg) && !nameArgs.includes(arg));

  const byName = new Map(schema.types.map((type) => [type.name, type]));
  const types: Record<string, SchemaNamedType> = {};
  const pending = [
    ...field.args.map((arg) => namedTypeOf(arg.type)),
    ...app.parameters.map((parameter) => parseTypeText(parameter.type).named),
  ];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const type = byName.get(name);
    if (types[name] || !type || (type.kind !== 'INPUT_OBJECT' && type.kind !== 'ENUM')) continue;
    types[name] = type;
    for (const inputField of type.inputFields ?? []) pending.push(namedTypeOf(inputField.type));
  }
  const group = types[app.groupType];
  const fieldNames = new Set(group?.inputFields?.map(({ name }) => name));
  const cohortBuilder =
    app.groupType === 'CohortCriteria' &&
    ['diagnosis', 'sex', 'ageMin', 'ageMax'].every((n) => fieldNames.has(n));
  return {
    ok: true,
    schema: {
      entry: app.entry,
      groupType: app.groupType,
      args: field.args,
      groupArgs,
      nameArgs,
      otherArgs,
      types,
      cohortBuilder,
    },
  };
}
