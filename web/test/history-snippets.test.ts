import { spawnSync } from 'node:child_process';
import {
  analysisPathInOperation,
  gatewayEndpoints,
  notebookSnippets,
  resultShapeOf,
  toPythonLiteral,
  toRRawString,
  tokenUsageSnippets,
  type SnippetInput,
} from '../lib/snippets';

const ENDPOINTS = gatewayEndpoints({ GATEWAY_URL: 'http://127.0.0.1:5600/graphql' });

const SUMMARY_OPERATION = `query CohortSummary($criteria: CohortCriteria!) {
  cohort(criteria: $criteria, name: "T2D") {
    id
    report: summary {
      ...Result
    }
  }
}
fragment Result on AnalysisResult {
  app
  table { columns { name } rows }
  resultHash
}`;

const SUMMARY: SnippetInput = {
  endpoints: ENDPOINTS,
  operation: SUMMARY_OPERATION,
  operationName: 'CohortSummary',
  variables: { criteria: { diagnosis: 'E11', ageMin: 40, flags: [true, false, null] } },
  shape: { kind: 'analysis', path: ['cohort', 'report'] },
};

const PATIENTS: SnippetInput = {
  endpoints: ENDPOINTS,
  operation:
    'query Patients($after: String) { patients(first: 100, after: $after) { nodes { id age } pageInfo { hasNextPage endCursor } } }',
  variables: {},
  shape: { kind: 'list', path: ['patients', 'nodes'] },
};

/** Parses Python source with the real parser when python3 is installed (skips the check otherwise). */
function pythonSyntaxErrors(source: string): string | null {
  const check = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
    input: source,
  });
  if (check.error) return null;
  return check.status === 0 ? null : check.stderr.toString();
}

function bashSyntaxErrors(source: string): string | null {
  const check = spawnSync('bash', ['-n'], { input: source });
  if (check.error) return null;
  return check.status === 0 ? null : check.stderr.toString();
}

describe('gatewayEndpoints', () => {
  it('prefers GATEWAY_PUBLIC_URL, given as an origin or a /graphql URL', () => {
    expect(
      gatewayEndpoints({
        GATEWAY_PUBLIC_URL: 'https://mesh.example.org/',
        GATEWAY_URL: 'http://10.0.0.1:4000/graphql',
      }),
    ).toEqual({
      base: 'https://mesh.example.org',
      graphql: 'https://mesh.example.org/graphql',
      export: 'https://mesh.example.org/export',
    });
    expect(gatewayEndpoints({ GATEWAY_PUBLIC_URL: 'https://example.org/mesh/graphql' }).export).toBe(
      'https://example.org/mesh/export',
    );
  });

  it('derives from GATEWAY_URL, then the default', () => {
    expect(ENDPOINTS.graphql).toBe('http://127.0.0.1:5600/graphql');
    expect(gatewayEndpoints({ GATEWAY_PUBLIC_URL: 'not a url' }).base).toBe('http://127.0.0.1:4000');
  });
});

describe('notebook snippets for an analysis', () => {
  const snippets = notebookSnippets(SUMMARY);

  it('Python posts the operation and variables with the token from the environment', () => {
    expect(snippets.python).toContain('import requests');
    expect(snippets.python).toContain('import pandas as pd');
    expect(snippets.python).toContain('os.environ["MESH_TOKEN"]');
    expect(snippets.python).toContain('GATEWAY = "http://127.0.0.1:5600"');
    expect(snippets.python).toContain(`QUERY = """${SUMMARY_OPERATION}"""`);
    expect(snippets.python).toContain('"ageMin": 40,');
    expect(snippets.python).toContain('True,\n            False,\n            None,');
    expect(snippets.python).toContain('result = data["cohort"]["report"]');
    expect(snippets.python).toContain('pd.DataFrame(');
    expect(pythonSyntaxErrors(snippets.python)).toBeNull();
  });

  it('R sends the exact JSON body with httr2 and reads the typed table', () => {
    expect(snippets.r).toContain('library(httr2)');
    expect(snippets.r).toContain('library(jsonlite)');
    expect(snippets.r).toContain('Sys.getenv("MESH_TOKEN")');
    expect(snippets.r).toContain('req_auth_bearer_token(token)');
    expect(snippets.r).toContain('result <- answer$data[["cohort"]][["report"]]');
    const body = /body <- r"(-*)\(([\s\S]*?)\)\1"/.exec(snippets.r);
    expect(JSON.parse(body![2]!)).toEqual({
      query: SUMMARY.operation,
      variables: SUMMARY.variables,
      operationName: 'CohortSummary',
    });
  });

  it('curl sends the same body from a quoted here-document', () => {
    expect(snippets.curl).toContain('curl -sS http://127.0.0.1:5600/graphql');
    expect(snippets.curl).toContain('Bearer $MESH_TOKEN');
    const body = /<<'JSON'\n([\s\S]*?)\nJSON\n/.exec(snippets.curl);
    expect(JSON.parse(body![1]!).variables).toEqual(SUMMARY.variables);
    expect(bashSyntaxErrors(snippets.curl)).toBeNull();
  });
});

describe('notebook snippets for a list', () => {
  const snippets = notebookSnippets(PATIENTS);

  it('Python reads the export as CSV with pandas', () => {
    expect(snippets.python).toContain('f"{GATEWAY}/export"');
    expect(snippets.python).toContain('"path": "patients.nodes", "format": "csv"');
    expect(snippets.python).toContain(
      'pd.read_csv(io.StringIO(export.text), keep_default_na=False, na_values=[""])',
    );
    expect(pythonSyntaxErrors(snippets.python)).toBeNull();
  });

  it('R and curl export the same path', () => {
    expect(snippets.r).toContain('"path": "patients.nodes"');
    expect(snippets.r).toContain('read.csv(text = csv, na.strings = "", check.names = FALSE)');
    expect(snippets.curl).toContain('curl -sS http://127.0.0.1:5600/export -o result.csv');
    expect(bashSyntaxErrors(snippets.curl)).toBeNull();
  });

  it('the token page example is valid too', () => {
    const example = tokenUsageSnippets(ENDPOINTS);
    expect(example.python).toContain('"path": "history.nodes"');
    expect(pythonSyntaxErrors(example.python)).toBeNull();
    expect(bashSyntaxErrors(example.curl)).toBeNull();
  });
});

describe('literals', () => {
  it('writes JSON as Python literals', () => {
    expect(toPythonLiteral({ a: null, b: [true, 1.5, 'x"y'] })).toBe(
      '{\n    "a": None,\n    "b": [\n        True,\n        1.5,\n        "x\\"y",\n    ],\n}',
    );
    expect(toPythonLiteral({})).toBe('{}');
  });

  it('escapes operations that a triple-quoted string cannot hold', () => {
    const tricky = notebookSnippets({ ...PATIENTS, operation: 'query { a(s: """x""") b(t: "\\n") }' });
    expect(tricky.python).toContain('QUERY = "query { a(s: \\"\\"\\"x\\"\\"\\") b(t: \\"\\\\n\\") }"');
    expect(pythonSyntaxErrors(tricky.python)).toBeNull();
  });

  it('chooses an R raw-string delimiter the text does not contain', () => {
    expect(toRRawString('a)"b')).toBe('r"-(a)"b)-"');
    expect(toRRawString('plain')).toBe('r"(plain)"');
  });
});

describe('result shapes', () => {
  it('finds the AnalysisResult through aliases and fragments', () => {
    expect(analysisPathInOperation(SUMMARY_OPERATION, 'CohortSummary')).toEqual(['cohort', 'report']);
    expect(analysisPathInOperation('{ patients { nodes { id } } }')).toBeNull();
    expect(analysisPathInOperation('not graphql')).toBeNull();
  });

  it('falls back to the first list of objects in the recorded result', () => {
    expect(resultShapeOf(PATIENTS.operation, null, { patients: { nodes: [{ id: 'P1' }] } })).toEqual({
      kind: 'list',
      path: ['patients', 'nodes'],
    });
    expect(resultShapeOf('{ a }', null, { a: 1 })).toEqual({ kind: 'none' });
    expect(resultShapeOf('{ a }', null, null)).toEqual({ kind: 'none' });
  });
});
