import { chartHazardsIn } from '@mesh/chart-safety';
import { badUserInput, decodeCursor, InputErrorReason } from '@mesh/product-kit';
import { parse } from 'graphql';
import { z } from 'zod';
import { HISTORY_KINDS, UDAT_KINDS, VISIBILITIES, type UdatKind } from './storage';

/** Largest serialized JSON the workspace stores in one value (a result, a payload, variables). */
const MAX_JSON_BYTES = 5 * 1_048_576;
export const MAX_PAGE_SIZE = 100;
const MAX_TAGS = 32;
const MAX_TAG_LENGTH = 64;
const MAX_NAME_LENGTH = 200;

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** A refinement: the value serializes to at most MAX_JSON_BYTES. */
const withinJsonLimit =
  (what: string, hint = 'keep the bulk elsewhere and save a reference to it') =>
  (value: unknown, ctx: z.RefinementCtx): void => {
    const bytes = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
    if (bytes > MAX_JSON_BYTES)
      ctx.addIssue({
        code: 'custom',
        message: `is ${megabytes(bytes)} serialized; the limit is ${megabytes(MAX_JSON_BYTES)}. Save a smaller ${what}: ${hint}.`,
      });
  };

/** Any JSON value of at most MAX_JSON_BYTES serialized. */
const boundedJson = (what: string, hint?: string) => z.unknown().superRefine(withinJsonLimit(what, hint));

const RESULT_HINT = 'e.g. the table without its chart';

/**
 * A refinement: every `chart` inside the value is safe to draw in another user's browser (inline data,
 * nothing that loads or links; see @mesh/chart-safety). Refused rather than stripped: the products' own
 * charts never trip it, and a silently edited result would no longer be what its product answered (its
 * resultHash would vouch for bytes that were changed).
 */
const safeCharts = (value: unknown, ctx: z.RefinementCtx): void => {
  for (const hazard of chartHazardsIn(value, ''))
    ctx.addIssue({
      code: 'custom',
      path: hazard.path.split('.').slice(1),
      message: `${hazard.problem}. Charts are drawn in every viewer's browser, so they may only show inline data.`,
    });
};

const name = (what: string) =>
  z
    .string({ error: `must be a string: give the ${what} a name of 1 to ${MAX_NAME_LENGTH} characters.` })
    .trim()
    .min(1, `must not be empty: give the ${what} a name of 1 to ${MAX_NAME_LENGTH} characters.`)
    .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters: shorten it.`);

const tags = z
  .array(
    z
      .string()
      .trim()
      .min(1, 'must not be empty: remove the empty tag.')
      .max(MAX_TAG_LENGTH, `must be at most ${MAX_TAG_LENGTH} characters: shorten the tag.`),
  )
  .max(MAX_TAGS, `takes at most ${MAX_TAGS} tags: remove some.`)
  .transform((list) => [...new Set(list)]);

const description = z
  .string()
  .max(10_000, 'must be at most 10,000 characters: shorten it, or save the text as a RESULT.');

const id = z.string().min(1, 'must not be empty.').max(64, 'is not an id of this product (too long).');

const visibility = z.enum(VISIBILITIES, { error: 'must be PRIVATE, TEAM or PUBLIC.' });

const jsonObject = (what: string, example: string) =>
  z
    .record(z.string(), z.unknown(), { error: `must be a JSON object of ${what}, e.g. ${example}.` })
    .superRefine(withinJsonLimit(what));

const productVersion = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/, 'must be a product name as the mesh spells it, e.g. genomics.')
    .max(64),
  version: z.string().min(1, 'must not be empty: use DataProduct.version.').max(64),
  dataVersion: z.string().min(1, 'must not be empty: use DataProduct.dataVersion.').max(128),
});

const graphqlOperation = z
  .string()
  .min(1, 'must not be empty: record the operation text that was sent.')
  .max(1_000_000, 'is longer than 1,000,000 characters: record the operation, not its data.')
  .superRefine((text, ctx) => {
    try {
      parse(text);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `is not valid GraphQL (${(error as Error).message}). Record the operation text exactly as it was sent.`,
      });
    }
  });

/** `recordRun(input:)`, normalised: lists and objects default to empty, strings are trimmed. */
export const recordRunInput = z
  .object({
    kind: z.enum(HISTORY_KINDS),
    app: z
      .string()
      .regex(
        /^[a-z][a-z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/,
        'must be product.app as DataProduct.apps lists it, e.g. genomics.differentialExpression.',
      )
      .nullish()
      .transform((value) => value ?? null),
    title: name('run'),
    operation: graphqlOperation,
    operationName: z
      .string()
      .regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'must be a GraphQL name, e.g. DifferentialExpression.')
      .max(MAX_NAME_LENGTH)
      .nullish()
      .transform((value) => value ?? null),
    variables: jsonObject('variables', '{"gene": "TP53"}')
      .nullish()
      .transform((value) => (value ?? {}) as Record<string, unknown>),
    supergraphId: z
      .string()
      .min(1)
      .max(128, 'must be at most 128 characters: use the registry supergraph id.')
      .nullish()
      .transform((value) => value ?? null),
    products: z
      .array(productVersion)
      .max(50, 'lists more than 50 products.')
      .nullish()
      .transform((value) => value ?? [])
      .superRefine((list, ctx) => {
        const names = list.map((product) => product.name);
        const repeated = names.find((product, index) => names.indexOf(product) !== index);
        if (repeated)
          ctx.addIssue({ code: 'custom', message: `lists ${repeated} twice: give each product once.` });
      }),
    resultHash: z
      .string()
      .min(1)
      .max(128, 'must be at most 128 characters: use AnalysisResult.resultHash.')
      .nullish()
      .transform((value) => value ?? null),
    result: boundedJson('result', RESULT_HINT)
      .superRefine(safeCharts)
      .optional()
      .transform((value) => value ?? null),
    parentId: id.nullish().transform((value) => value ?? null),
    tags: tags.nullish().transform((value) => value ?? []),
    visibility: visibility.default('PRIVATE'),
    requiredScopes: z
      .array(
        z
          .array(z.array(z.string().min(1).max(128)).max(32))
          .min(1, 'must list at least one alternative.')
          .max(32),
      )
      .max(1_000, 'lists more than 1,000 requirements.')
      .nullish()
      .transform((value) => value ?? []),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'APP_RUN' && !input.app)
      ctx.addIssue({
        code: 'custom',
        path: ['app'],
        message: 'is required for an APP_RUN: give the app as product.app, or record the run as kind QUERY.',
      });
  });

/** What a payload must look like, by kind (see UdatKind in schema.graphql). */
const payloadByKind: Record<UdatKind, z.ZodType> = {
  COHORT: jsonObject('cohort criteria', '{"diagnosis": "E11", "ageMin": 40}').superRefine(safeCharts),
  GENE_SET: z
    .looseObject(
      {
        genes: z
          .array(z.string().trim().min(1, 'must not be empty.').max(64, 'is not a gene symbol (too long).'))
          .min(1, 'must list at least one gene symbol.')
          .max(50_000, 'lists more than 50,000 genes.'),
      },
      { error: 'must be {"genes": ["TP53", …]} for a GENE_SET.' },
    )
    .superRefine(withinJsonLimit('gene set'))
    .superRefine(safeCharts),
  VARIABLE_GROUP: z
    .looseObject(
      {
        variables: z
          .array(z.string().trim().min(1, 'must not be empty.').max(MAX_NAME_LENGTH))
          .min(1, 'must list at least one variable.')
          .max(10_000, 'lists more than 10,000 variables.'),
      },
      { error: 'must be {"variables": ["age", "lab:4548-4", …]} for a VARIABLE_GROUP.' },
    )
    .superRefine(withinJsonLimit('variable group'))
    .superRefine(safeCharts),
  RESULT: boundedJson('result', RESULT_HINT)
    .refine((value) => value !== null && value !== undefined, {
      message: 'must not be null: give the result to save.',
    })
    .superRefine(safeCharts),
};

const cohortId = z
  .string()
  .max(MAX_JSON_BYTES, 'is too long to be a cohort id.')
  .regex(/^cohort\.[A-Za-z0-9_.-]+$/, 'is not a cohort id: use Cohort.id from cohort() or compareCohorts().');

/** `saveUdat(input:)`, normalised; the payload is checked against the kind. */
export const saveUdatInput = z
  .object({
    kind: z.enum(UDAT_KINDS),
    name: name('artifact'),
    description: description.nullish().transform((value) => value ?? null),
    tags: tags.nullish().transform((value) => value ?? []),
    visibility: visibility.default('PRIVATE'),
    payload: z.unknown().optional(),
    cohortId: cohortId.nullish().transform((value) => value ?? null),
    sourceId: id.nullish().transform((value) => value ?? null),
  })
  .superRefine((input, ctx) => {
    // A RESULT saved from a run may leave the payload out: the workspace copies the run's result.
    const payload = copiesSource(input) ? null : payloadByKind[input.kind].safeParse(input.payload);
    if (payload && !payload.success)
      for (const issue of payload.error.issues)
        ctx.addIssue({ code: 'custom', path: ['payload', ...issue.path], message: issue.message });
    if (input.cohortId && input.kind !== 'COHORT')
      ctx.addIssue({
        code: 'custom',
        path: ['cohortId'],
        message: `is for COHORT artifacts only: omit it for a ${input.kind}.`,
      });
  })
  .transform((input) => ({
    ...input,
    payload: copiesSource(input) ? undefined : (payloadByKind[input.kind].parse(input.payload) as unknown),
  }));

function copiesSource(input: { kind: UdatKind; sourceId: string | null; payload?: unknown }): boolean {
  return input.kind === 'RESULT' && input.sourceId !== null && input.payload == null;
}

/** `updateUdat(input:)`: at least one field; `description: null` clears the description. */
export const updateUdatInput = z
  .object({
    name: name('artifact').optional(),
    description: description.nullable().optional(),
    tags: tags.optional(),
    visibility: visibility.optional(),
    payload: z.unknown().optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: 'changes nothing: give at least one of name, description, tags, visibility, payload.',
  });

/** Checks an updated payload against the artifact's kind (which an update cannot change). */
export function parsePayload(kind: UdatKind, payload: unknown, argument: string): unknown {
  if (payload === null)
    throw badUserInput(`${argument}: must not be null: omit it to keep the current payload.`, {
      reason: InputErrorReason.InvalidParameter,
      argument,
    });
  return parseArgument(payloadByKind[kind], payload, argument);
}

export const forkName = name('fork').nullish();

const search = z
  .string()
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters.`)
  .transform((value) => value.trim() || undefined);

const optional = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((value) => value ?? undefined);

export const historyFilter = z
  .object({
    search: optional(search),
    app: optional(z.string().max(MAX_NAME_LENGTH)),
    product: optional(z.string().max(64)),
    kind: optional(z.enum(HISTORY_KINDS)),
    mine: optional(z.boolean()),
  })
  .nullish()
  .transform((value) => value ?? {});

export const udatFilter = z
  .object({
    kind: optional(z.enum(UDAT_KINDS)),
    tag: optional(z.string().max(MAX_TAG_LENGTH)),
    search: optional(search),
    mine: optional(z.boolean()),
  })
  .nullish()
  .transform((value) => value ?? {});

/**
 * Parses one argument with zod; every problem is reported in one BAD_USER_INPUT error whose `argument`
 * is the first problem's path (e.g. `input.tags.3`) and whose `problems` lists them all.
 */
export function parseArgument<S extends z.ZodType>(schema: S, value: unknown, argument: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    argument: [argument, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badUserInput(problems.map((problem) => `${problem.argument}: ${problem.message}`).join(' '), {
    reason: InputErrorReason.InvalidParameter,
    argument: problems[0]!.argument,
    problems,
  });
}

/** The position a list cursor encodes (a row's seq), or BAD_USER_INPUT for anything else. */
export function decodeSeqCursor(kind: string, after: string | null | undefined): number | null {
  if (after === null || after === undefined) return null;
  const value = decodeCursor(kind, after);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw badUserInput(
    `Malformed cursor for ${kind}. Pass pageInfo.endCursor from the previous page unchanged, or omit \`after\` to start at the first page.`,
    { reason: InputErrorReason.MalformedCursor, argument: 'after' },
  );
}
