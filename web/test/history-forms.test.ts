import { fieldErrorsOf } from '../components/history/action-state';
import {
  pageHref,
  parseHistoryParams,
  parseTags,
  parseUdatParams,
  validateArtifactFields,
} from '../components/history/filters';
import { cohortOfRun, findCohortId, operationTypeOf } from '../components/history/run-input';
import { tokenStatus } from '../components/tokens/api-tokens-status';
import { validateTokenForm } from '../components/tokens/token-state';

describe('history list filters', () => {
  it('turns query parameters into a HistoryFilter, trimming and ignoring unknown values', () => {
    expect(
      parseHistoryParams({
        search: '  diabetes ',
        app: 'clinical.cohortSummary',
        whose: 'mine',
        after: 'abc',
      }),
    ).toEqual({
      values: { search: 'diabetes', app: 'clinical.cohortSummary', product: '', whose: 'mine' },
      filter: { search: 'diabetes', app: 'clinical.cohortSummary', mine: true },
      after: 'abc',
    });
    expect(parseHistoryParams({ whose: 'shared', product: ['genomics', 'x'] }).filter).toEqual({
      product: 'genomics',
      mine: false,
    });
    expect(parseHistoryParams({ whose: 'everyone' }).filter).toEqual({});
  });

  it('parses the UDAT filters, accepting only known kinds', () => {
    expect(parseUdatParams({ kind: 'GENE_SET', tag: 'x' }).filter).toEqual({ kind: 'GENE_SET', tag: 'x' });
    expect(parseUdatParams({ kind: 'DROP TABLE' }).filter).toEqual({});
  });

  it('builds page links that keep the filters', () => {
    expect(pageHref('/history', { search: 'a b', app: '', whose: 'all' }, 'cur')).toBe(
      '/history?search=a+b&after=cur',
    );
    expect(pageHref('/history', { whose: 'mine' }, null)).toBe('/history?whose=mine');
    expect(pageHref('/udats', {}, null)).toBe('/udats');
  });
});

describe('artifact fields', () => {
  it('splits tags on commas, trimmed and unique', () => {
    expect(parseTags(' diabetes, baseline,,diabetes , ')).toEqual(['diabetes', 'baseline']);
  });

  it('reports what the workspace would refuse', () => {
    expect(validateArtifactFields({ name: '', description: '', tags: [] })).toEqual({
      name: 'Enter a name.',
    });
    expect(
      validateArtifactFields({
        name: 'x'.repeat(201),
        description: 'd'.repeat(10_001),
        tags: ['t'.repeat(65)],
      }),
    ).toEqual({
      name: 'Use at most 200 characters.',
      description: 'Use at most 10,000 characters.',
      tags: 'Each tag may have at most 64 characters.',
    });
  });

  it("maps the workspace's BAD_USER_INPUT problems to form fields", () => {
    expect(
      fieldErrorsOf(
        [
          { argument: 'input.name', message: 'must not be empty' },
          { argument: 'input.tags.3', message: 'too long' },
          { argument: 'input.payload', message: 'must not be null' },
        ],
        ['name', 'tags'] as const,
      ),
    ).toEqual({
      fieldErrors: { name: 'must not be empty', tags: 'too long' },
      rest: ['input.payload: must not be null'],
    });
  });
});

describe('cohortOfRun', () => {
  const operation =
    'query S($criteria: CohortCriteria!) { cohort(criteria: $criteria) { id summary { resultHash } } }';
  const cohortId = 'cohort.v1.eyJjcml0ZXJpYSI6eyJkaWFnbm9zaXMiOiJFMTEifX0';

  it('finds the criteria variable and the Cohort id in the result', () => {
    expect(
      cohortOfRun({
        operation,
        variables: { criteria: { diagnosis: 'E11' } },
        result: { cohort: { id: cohortId } },
      }),
    ).toEqual({ criteria: { diagnosis: 'E11' }, cohortId });
  });

  it('follows the variable bound to criteria, whatever its name', () => {
    expect(
      cohortOfRun({
        operation: 'query($c: CohortCriteria!) { cohort(criteria: $c) { id } }',
        variables: { c: { sex: 'F' } },
      }),
    ).toEqual({ criteria: { sex: 'F' }, cohortId: null });
  });

  it('has no cohort for two groups or inline criteria', () => {
    expect(
      cohortOfRun({
        operation: 'query($a: CohortCriteria!, $b: CohortCriteria!) { x(criteria: $a) y(criteria: $b) }',
        variables: { a: {}, b: {} },
      }),
    ).toBeNull();
    expect(
      cohortOfRun({ operation: '{ cohort(criteria: {diagnosis: "E11"}) { id } }', variables: {} }),
    ).toBeNull();
    expect(findCohortId(['x', { deep: 'cohort.v1.abc' }])).toBe('cohort.v1.abc');
  });
});

describe('API token form and status', () => {
  const allowed = ['clinical:read', 'workspace:read'];

  it('accepts a label, whole days and a subset of the user scopes', () => {
    expect(
      validateTokenForm({
        label: 'Laptop',
        expiresInDays: '30',
        scopes: ['clinical:read'],
        allowedScopes: allowed,
      }),
    ).toEqual({ errors: {}, expiresInDays: 30 });
    expect(
      validateTokenForm({ label: 'CI', expiresInDays: '365', scopes: allowed, allowedScopes: allowed }),
    ).toEqual({ errors: {}, expiresInDays: 365 });
    // Every API token expires: no "never", and nothing above the gateway's maximum.
    expect(
      validateTokenForm({ label: 'CI', expiresInDays: '', scopes: allowed, allowedScopes: allowed }).errors,
    ).toEqual({ expiresInDays: 'Enter a whole number of days from 1 to 365.' });
  });

  it('refuses an empty label, bad expiry and scopes the user lacks', () => {
    expect(
      validateTokenForm({
        label: '',
        expiresInDays: '400',
        scopes: ['mesh:admin'],
        allowedScopes: allowed,
      }).errors,
    ).toEqual({
      label: 'Enter a label, e.g. “Laptop notebook”.',
      expiresInDays: 'Enter a whole number of days from 1 to 365.',
      scopes: 'Choose only scopes you have.',
    });
    expect(
      validateTokenForm({
        label: 'x',
        expiresInDays: '1.5',
        scopes: [],
        allowedScopes: allowed,
      }).errors,
    ).toEqual({
      expiresInDays: 'Enter a whole number of days from 1 to 365.',
      scopes: 'Choose at least one scope.',
    });
  });

  it('tells active, expired and revoked tokens apart', () => {
    const base = { id: 't', label: 'l', scopes: [], createdAt: '2026-01-01T00:00:00Z', lastUsedAt: null };
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(tokenStatus({ ...base, expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(tokenStatus({ ...base, expiresAt: '2026-05-01T00:00:00Z', revokedAt: null }, now)).toBe('expired');
    expect(tokenStatus({ ...base, expiresAt: null, revokedAt: '2026-02-01T00:00:00Z' }, now)).toBe('revoked');
  });
});

describe('operationTypeOf', () => {
  it('tells queries from mutations, by name when the text holds several', () => {
    expect(operationTypeOf('query A { a }')).toBe('query');
    expect(operationTypeOf('{ a }')).toBe('query');
    expect(operationTypeOf('mutation M { deleteUdat(id: "x") }')).toBe('mutation');
    expect(operationTypeOf('query A { a } mutation B { b }', 'B')).toBe('mutation');
    expect(operationTypeOf('query A { a } mutation B { b }')).toBeNull();
    expect(operationTypeOf('not graphql')).toBeNull();
  });
});
