/**
 * Ready-to-paste notebook code (pure): the same operation and variables as a recorded run, sent to the
 * gateway from Python (requests + pandas), R (httr2 + jsonlite) or curl, with an API token read from the
 * environment (`MESH_TOKEN`). Tables come back as data frames: an AnalysisResult's typed table directly
 * from the answer, a list of objects through the gateway's `/export` (CSV).
 */

import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { findObjectList } from '../components/history/analysis-result';

const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

export interface GatewayEndpoints {
  /** e.g. http://127.0.0.1:4000 (a path prefix, if any, kept). */
  base: string;
  graphql: string;
  export: string;
}

/** Where notebooks reach the gateway: `GATEWAY_PUBLIC_URL` (origin or /graphql URL), else `GATEWAY_URL`. */
export function gatewayEndpoints(env: Readonly<Record<string, string | undefined>>): GatewayEndpoints {
  const candidates = [env.GATEWAY_PUBLIC_URL?.trim(), env.GATEWAY_URL?.trim(), DEFAULT_GATEWAY_URL];
  let url: URL | null = null;
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const parsed = new URL(candidate);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
        url = parsed;
        break;
      }
    } catch {
      // not a URL: try the next source
    }
  }
  const resolved = url ?? new URL(DEFAULT_GATEWAY_URL);
  const path = resolved.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const base = `${resolved.origin}${path}`;
  return { base, graphql: `${base}/graphql`, export: `${base}/export` };
}

/** Where the answer's table is: an analysis result (keys to it) or a list of objects (an export path). */
export type ResultShape =
  { kind: 'analysis'; path: (string | number)[] } | { kind: 'list'; path: string[] } | { kind: 'none' };

const MAX_DEPTH = 12;

/** Response keys from `data` to the first field that selects `resultHash` (an AnalysisResult), or null. */
export function analysisPathInOperation(operation: string, operationName?: string | null): string[] | null {
  let document;
  try {
    document = parse(operation);
  } catch {
    return null;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const chosen = document.definitions.find(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  );
  if (!chosen || chosen.kind !== Kind.OPERATION_DEFINITION) return null;

  /** Fields of a selection set with fragments spread in place. */
  const fieldsOf = (set: SelectionSetNode, depth: number) =>
    set.selections.flatMap(
      (selection): { key: string; set: SelectionSetNode | undefined; name: string }[] => {
        if (depth > MAX_DEPTH) return [];
        if (selection.kind === Kind.FIELD) {
          return [
            {
              key: selection.alias?.value ?? selection.name.value,
              name: selection.name.value,
              set: selection.selectionSet,
            },
          ];
        }
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        return fragment ? fieldsOf(fragment.selectionSet, depth + 1) : [];
      },
    );

  const search = (set: SelectionSetNode, path: string[]): string[] | null => {
    if (path.length > MAX_DEPTH) return null;
    const fields = fieldsOf(set, 0);
    if (path.length > 0 && fields.some((field) => field.name === 'resultHash')) return path;
    for (const field of fields) {
      if (!field.set) continue;
      const found = search(field.set, [...path, field.key]);
      if (found) return found;
    }
    return null;
  };
  return search(chosen.selectionSet, []);
}

/** How a run's answer gives a table: through its AnalysisResult, or a list of objects in its result. */
export function resultShapeOf(
  operation: string,
  operationName: string | null | undefined,
  result: unknown,
): ResultShape {
  const analysis = analysisPathInOperation(operation, operationName);
  if (analysis) return { kind: 'analysis', path: analysis };
  const list = findObjectList(result);
  return list && list.path.length > 0 ? { kind: 'list', path: list.path } : { kind: 'none' };
}

export interface SnippetInput {
  endpoints: GatewayEndpoints;
  operation: string;
  operationName?: string | null;
  variables: Record<string, unknown>;
  shape: ResultShape;
}

export interface NotebookSnippets {
  python: string;
  r: string;
  curl: string;
}

/** A JSON value as a Python literal (None/True/False; strings in JSON escapes, which Python reads the same). */
export function toPythonLiteral(value: unknown, indent = 0): string {
  const pad = '    ';
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = pad.repeat(indent + 1);
  const outer = pad.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${toPythonLiteral(item, indent + 1)},`).join('\n')}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries
    .map(([key, item]) => `${inner}${JSON.stringify(key)}: ${toPythonLiteral(item, indent + 1)},`)
    .join('\n')}\n${outer}}`;
}

/** A Python string literal for multi-line text: triple-quoted when safe, else JSON-escaped. */
export function toPythonString(text: string): string {
  if (!text.includes('"""') && !text.includes('\\') && !text.endsWith('"')) return `"""${text}"""`;
  return JSON.stringify(text);
}

/** An R raw string `r"-(…)-"` whose delimiter does not occur in the text. */
export function toRRawString(text: string): string {
  let dashes = '';
  while (text.includes(`)${dashes}"`)) dashes += '-';
  return `r"${dashes}(${text})${dashes}"`;
}

/** A shell here-document delimiter that no line of the text equals. */
function heredocDelimiter(text: string): string {
  const lines = new Set(text.split('\n'));
  let delimiter = 'JSON';
  while (lines.has(delimiter)) delimiter += '_END';
  return delimiter;
}

function pythonAccess(path: readonly (string | number)[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`)).join('');
}

function rAccess(path: readonly (string | number)[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[[${key + 1}]]` : `[[${JSON.stringify(key)}]]`))
    .join('');
}

function requestBody(input: SnippetInput): Record<string, unknown> {
  return {
    query: input.operation,
    variables: input.variables,
    ...(input.operationName ? { operationName: input.operationName } : {}),
  };
}

function exportBody(input: SnippetInput, path: string[]): Record<string, unknown> {
  return { ...requestBody(input), path: path.join('.'), format: 'csv' };
}

export function pythonSnippet(input: SnippetInput): string {
  const { endpoints, shape } = input;
  const lines = [
    'import io',
    'import os',
    '',
    'import pandas as pd',
    'import requests',
    '',
    `GATEWAY = ${JSON.stringify(endpoints.base)}`,
    'HEADERS = {"Authorization": "Bearer " + os.environ["MESH_TOKEN"]}',
    '',
    `QUERY = ${toPythonString(input.operation)}`,
    `VARIABLES = ${toPythonLiteral(input.variables)}`,
    '',
    'response = requests.post(',
    '    f"{GATEWAY}/graphql",',
    `    json={"query": QUERY, "variables": VARIABLES${input.operationName ? `, "operationName": ${JSON.stringify(input.operationName)}` : ''}},`,
    '    headers=HEADERS,',
    '    timeout=300,',
    ')',
    'response.raise_for_status()',
    'answer = response.json()',
    'if answer.get("errors"):',
    '    raise RuntimeError(answer["errors"])',
    'data = answer["data"]',
    '# Provenance: the product versions and data snapshots that produced this answer.',
    'print(answer.get("extensions", {}).get("dataProducts"))',
  ];
  if (shape.kind === 'analysis') {
    lines.push(
      '',
      `result = data${pythonAccess(shape.path)}`,
      'print(result["resultHash"], result.get("statistics"))',
      'table = pd.DataFrame(',
      '    result["table"]["rows"],',
      '    columns=[column["name"] for column in result["table"]["columns"]],',
      ')',
      'table.head()',
    );
  } else if (shape.kind === 'list') {
    lines.push(
      '',
      '# The list as a table: the gateway exports it as CSV (following every page).',
      'export = requests.post(',
      '    f"{GATEWAY}/export",',
      `    json={"query": QUERY, "variables": VARIABLES, "path": ${JSON.stringify(shape.path.join('.'))}, "format": "csv"${input.operationName ? `, "operationName": ${JSON.stringify(input.operationName)}` : ''}},`,
      '    headers=HEADERS,',
      '    timeout=300,',
      ')',
      'export.raise_for_status()',
      '# Only an empty field is missing: text such as "NA" stays text.',
      'table = pd.read_csv(io.StringIO(export.text), keep_default_na=False, na_values=[""])',
      'table.head()',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function rSnippet(input: SnippetInput): string {
  const { endpoints, shape } = input;
  const lines = [
    'library(httr2)',
    'library(jsonlite)',
    '',
    `gateway <- ${JSON.stringify(endpoints.base)}`,
    'token <- Sys.getenv("MESH_TOKEN")',
    '',
    '# The request body as JSON text, exactly as recorded.',
    `body <- ${toRRawString(JSON.stringify(requestBody(input), null, 2))}`,
    '',
    'answer <- request(paste0(gateway, "/graphql")) |>',
    '  req_auth_bearer_token(token) |>',
    '  req_body_raw(body, type = "application/json") |>',
    '  req_perform() |>',
    '  resp_body_string() |>',
    '  fromJSON(simplifyVector = FALSE)',
    'if (!is.null(answer$errors)) stop(toJSON(answer$errors, auto_unbox = TRUE))',
    '# Provenance: the product versions and data snapshots that produced this answer.',
    'str(answer$extensions$dataProducts)',
  ];
  if (shape.kind === 'analysis') {
    lines.push(
      '',
      `result <- answer$data${rAccess(shape.path)}`,
      'print(result$resultHash)',
      '# One column per result column with its JSON values as they are (null as NA): no type guessing.',
      'columns <- vapply(result$table$columns, function(column) column$name, "")',
      'values_of <- function(i) {',
      '  values <- lapply(result$table$rows, function(row) if (is.null(row[[i]])) NA else row[[i]])',
      '  if (length(values) == 0) logical(0) else unlist(values)',
      '}',
      'table <- as.data.frame(lapply(seq_along(columns), values_of), col.names = columns, check.names = FALSE)',
      'head(table)',
    );
  } else if (shape.kind === 'list') {
    lines.push(
      '',
      '# The list as a table: the gateway exports it as CSV (following every page).',
      `export_body <- ${toRRawString(JSON.stringify(exportBody(input, shape.path), null, 2))}`,
      'csv <- request(paste0(gateway, "/export")) |>',
      '  req_auth_bearer_token(token) |>',
      '  req_body_raw(export_body, type = "application/json") |>',
      '  req_perform() |>',
      '  resp_body_string()',
      '# Only an empty field is missing; column names are kept as exported (e.g. samples.type, _id).',
      'table <- read.csv(text = csv, na.strings = "", check.names = FALSE)',
      'head(table)',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function curlSnippet(input: SnippetInput): string {
  const { endpoints, shape } = input;
  const body = JSON.stringify(requestBody(input), null, 2);
  const delimiter = heredocDelimiter(body);
  const lines = [
    '# export MESH_TOKEN=mesh_pat_…   (create one on the API tokens page)',
    `curl -sS ${endpoints.graphql} \\`,
    "  -H 'content-type: application/json' \\",
    '  -H "authorization: Bearer $MESH_TOKEN" \\',
    `  --data-binary @- <<'${delimiter}'`,
    body,
    delimiter,
  ];
  if (shape.kind === 'list') {
    const exportJson = JSON.stringify(exportBody(input, shape.path), null, 2);
    const exportDelimiter = heredocDelimiter(exportJson);
    lines.push(
      '',
      '# The list as CSV (every page):',
      `curl -sS ${endpoints.export} -o result.csv \\`,
      "  -H 'content-type: application/json' \\",
      '  -H "authorization: Bearer $MESH_TOKEN" \\',
      `  --data-binary @- <<'${exportDelimiter}'`,
      exportJson,
      exportDelimiter,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function notebookSnippets(input: SnippetInput): NotebookSnippets {
  return { python: pythonSnippet(input), r: rSnippet(input), curl: curlSnippet(input) };
}

/** The API-token page's example: the caller's five latest runs, as a table. */
export const TOKEN_EXAMPLE_OPERATION = `query MyRecentRuns($first: Int, $after: String) {
  history(first: $first, after: $after, filter: { mine: true }) {
    nodes {
      id
      title
      app
      createdAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}`;

export function tokenUsageSnippets(endpoints: GatewayEndpoints): NotebookSnippets {
  return notebookSnippets({
    endpoints,
    operation: TOKEN_EXAMPLE_OPERATION,
    variables: { first: 5 },
    shape: { kind: 'list', path: ['history', 'nodes'] },
  });
}
