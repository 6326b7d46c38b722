import { parse, print } from 'graphql';
import {
  appRunHref,
  buildAppRun,
  buildOperation,
  cohortCriteria,
  decodeFormValues,
  defaultFormValues,
  EMPTY_COHORT,
  encodeFormValues,
  entrySchemaOf,
  decodeRunVariables,
  formValuesFromVariables,
  mergeFormValues,
  type AppFormValues,
} from '../lib/apps';
import { DIFFERENTIAL_EXPRESSION, GAPMINDER_FILTER, SCHEMA, schemaFor } from './support/app-fixtures';

describe('entrySchemaOf', () => {
  it('finds the group and name arguments of a two-group entry and the types they reach', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    expect(schema.groupArgs.map((a) => a.name)).toEqual(['a', 'b']);
    expect(schema.nameArgs.map((a) => a?.name)).toEqual(['nameA', 'nameB']);
    expect(schema.otherArgs).toEqual([]);
    expect(Object.keys(schema.types).sort()).toEqual(['CohortCriteria', 'LabCriterion', 'SampleType', 'Sex']);
    expect(schema.cohortBuilder).toBe(true);
  });

  it('refuses an entry that does not take as many groups as the app compares', () => {
    const wrong = { ...DIFFERENTIAL_EXPRESSION, entry: 'cohort' };
    expect(entrySchemaOf(wrong, SCHEMA)).toEqual({
      ok: false,
      reason: 'cohort takes 1 argument(s) of type CohortCriteria; genomics.differentialExpression needs 2.',
    });
    expect(entrySchemaOf({ ...DIFFERENTIAL_EXPRESSION, entry: 'nope' }, SCHEMA).ok).toBe(false);
  });
});

describe('buildOperation', () => {
  it('is what graphql-js prints, and the same text whatever the values', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const operation = buildOperation(DIFFERENTIAL_EXPRESSION, schema);
    expect(print(parse(operation))).toBe(operation);
    expect(operation.split('\n').slice(0, 3)).toEqual([
      'query GenomicsDifferentialExpression($a: CohortCriteria!, $b: CohortCriteria!, $nameA: String, $nameB: String, $sampleType: SampleType, $fdr: Float) {',
      '  compareCohorts(a: $a, b: $b, nameA: $nameA, nameB: $nameB) {',
      '    result: differentialExpression(sampleType: $sampleType, fdr: $fdr) {',
    ]);
    expect(operation).toContain(
      '      table {\n        columns {\n          name\n          title\n          type\n          unit\n        }\n        rows\n        rowCount\n      }',
    );
    for (const field of ['resultHash', 'chart', 'dataVersion', 'reason', 'computable', 'parameters']) {
      expect(operation).toContain(`\n      ${field}\n`);
    }
  });

  it('wraps long argument lists as graphql-js does', () => {
    const longApp = {
      ...GAPMINDER_FILTER,
      parameters: GAPMINDER_FILTER.parameters.map((p) => ({ ...p, name: `${p.name}WithAVeryLongName` })),
    };
    const operation = buildOperation(longApp, schemaFor(longApp));
    expect(print(parse(operation))).toBe(operation);
    expect(operation).toContain(
      '    result: rows(\n      firstWithAVeryLongName: $firstWithAVeryLongName\n      descending',
    );
  });
});

describe('buildAppRun', () => {
  it('turns the criteria builder and parameters into variables, names included', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const values = defaultFormValues(DIFFERENTIAL_EXPRESSION, schema);
    values.groups[0] = {
      name: 'Breast cancer',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, diagnoses: 'c50' },
    };
    values.groups[1] = {
      name: '',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, diagnoses: 'C34, C18 C25', sex: 'FEMALE', ageMin: '40' },
    };
    const built = buildAppRun(DIFFERENTIAL_EXPRESSION, schema, values);
    expect(built).toEqual({
      ok: true,
      run: {
        operation: buildOperation(DIFFERENTIAL_EXPRESSION, schema),
        operationName: 'GenomicsDifferentialExpression',
        variables: {
          a: { diagnosis: 'C50' },
          b: {
            any: [{ diagnosis: 'C34' }, { diagnosis: 'C18' }, { diagnosis: 'C25' }],
            ageMin: 40,
            sex: 'FEMALE',
          },
          nameA: 'Breast cancer',
          nameB: 'C34 or C18 or C25, female, age 40+',
          sampleType: 'TUMOR',
          fdr: 0.05,
        },
      },
    });
  });

  it('reports every invalid field by its path', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const values = defaultFormValues(DIFFERENTIAL_EXPRESSION, schema);
    values.parameters = { sampleType: 'LIVER', fdr: '0.9' };
    values.groups[0] = {
      name: '',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, ageMin: '70', ageMax: '40', labs: [{ code: '', min: 'x', max: '' }] },
    };
    const built = buildAppRun(DIFFERENTIAL_EXPRESSION, schema, values);
    expect(built).toEqual({
      ok: false,
      errors: {
        'groups.0.cohort.ageMax': 'The maximum age must not be below the minimum age.',
        'groups.0.cohort.labs.0.code': 'Choose a lab test (LOINC code).',
        'groups.0.cohort.labs.0.min': 'Enter a number.',
        'parameters.sampleType': 'Choose one of the listed values.',
        'parameters.fdr': 'Enter a number from 0.0001 to 0.5.',
      },
    });
  });

  it('converts generic group fields, integers, booleans and checkbox lists; empty optional fields are left out', () => {
    const schema = schemaFor(GAPMINDER_FILTER);
    expect(schema.cohortBuilder).toBe(false);
    const values = defaultFormValues(GAPMINDER_FILTER, schema);
    expect(values.parameters).toEqual({ first: '100', descending: 'false', variables: [] });
    values.groups[0] = {
      name: '',
      builder: 'fields',
      fields: { region: '', regionIn: 'europe, asia', healthMin: '70.5' },
    };
    values.parameters = { first: '20', descending: 'true', variables: ['health'] };
    const built = buildAppRun(GAPMINDER_FILTER, schema, values);
    expect(built.ok && built.run.variables).toEqual({
      filter: { regionIn: ['europe', 'asia'], healthMin: 70.5 },
      name: 'regionIn=europe, asia, healthMin=70.5',
      first: 20,
      descending: true,
      variables: ['health'],
    });
    values.parameters = { first: '2.5', descending: 'maybe', variables: ['population'] };
    values.groups[0] = { name: '', builder: 'fields', fields: { incomeMin: '10k' } };
    const invalid = buildAppRun(GAPMINDER_FILTER, schema, values);
    expect(invalid.ok === false && invalid.errors).toEqual({
      'groups.0.fields.incomeMin': 'Enter a whole number.',
      'parameters.first': 'Enter a whole number from 1 to 1000.',
      'parameters.descending': 'Choose yes or no.',
      'parameters.variables': '"population" is not one of the listed values.',
    });
  });
});

describe('cohortCriteria', () => {
  it('wraps "none of these diagnoses" in not, and keeps labs and patient ids', () => {
    const { criteria, errors } = cohortCriteria(
      {
        ...EMPTY_COHORT,
        diagnoses: 'E11',
        diagnosisMatch: 'NONE',
        labs: [{ code: '4548-4', min: '6.5', max: '' }],
        patientIds: 'PAT-000001 PAT-000002',
      },
      'g',
    );
    expect(errors).toEqual({});
    expect(criteria).toEqual({
      not: { diagnosis: 'E11' },
      labs: [{ code: '4548-4', min: 6.5 }],
      patientIds: ['PAT-000001', 'PAT-000002'],
    });
    expect(cohortCriteria({ ...EMPTY_COHORT, diagnoses: 'diabetes' }, 'g').errors).toEqual({
      'g.diagnoses': '"DIABETES" is not an ICD-10 code or category such as E11 or C50.9.',
    });
  });
});

describe('form values in a URL', () => {
  it('round-trips through base64url, unicode included', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const values: AppFormValues = {
      ...defaultFormValues(DIFFERENTIAL_EXPRESSION, schema),
      parameters: { sampleType: 'BLOOD', fdr: '0.1' },
    };
    values.groups[0] = {
      name: 'Männer über 60 — ✓',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, ageMin: '60' },
    };
    const encoded = encodeFormValues(values);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFormValues(encoded)).toEqual(values);
    expect(mergeFormValues(DIFFERENTIAL_EXPRESSION, schema, decodeFormValues(encoded))).toEqual(values);
  });

  it('ignores garbage and keeps only what fits the form', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    expect(decodeFormValues('not base64 at all!')).toBeNull();
    expect(decodeFormValues(Buffer.from('{"groups": 3}').toString('base64url'))).toBeNull();
    const foreign = Buffer.from(
      JSON.stringify({
        groups: [],
        entry: {},
        parameters: { fdr: ['0.1'], sampleType: 'NORMAL', extra: 'x' },
      }),
    ).toString('base64url');
    expect(mergeFormValues(DIFFERENTIAL_EXPRESSION, schema, decodeFormValues(foreign)).parameters).toEqual({
      sampleType: 'NORMAL',
      fdr: '0.05',
    });
  });
});

describe('re-opening a recorded run from its variables', () => {
  it('gives back the form that produces the same variables', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const values = defaultFormValues(DIFFERENTIAL_EXPRESSION, schema);
    values.groups[0] = {
      name: 'Breast cancer',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, diagnoses: 'C50', labs: [{ code: '718-7', min: '', max: '12.5' }] },
    };
    values.groups[1] = {
      name: '',
      builder: 'cohort',
      cohort: { ...EMPTY_COHORT, diagnoses: 'C34, C18', diagnosisMatch: 'NONE', sex: 'MALE', ageMax: '80' },
    };
    values.parameters = { sampleType: 'NORMAL', fdr: '0.1' };
    const built = buildAppRun(DIFFERENTIAL_EXPRESSION, schema, values);
    if (!built.ok) throw new Error('expected a run');

    const href = appRunHref(DIFFERENTIAL_EXPRESSION.id, built.run.variables);
    const encoded = new URL(href, 'http://localhost').searchParams.get('variables')!;
    const reopened = formValuesFromVariables(DIFFERENTIAL_EXPRESSION, schema, decodeRunVariables(encoded)!);
    expect(reopened.unsupported).toEqual([]);
    expect(reopened.values).toEqual(values);
    expect(buildAppRun(DIFFERENTIAL_EXPRESSION, schema, reopened.values)).toEqual(built);
  });

  it('reports the criteria the builder cannot show, and fills generic fields', () => {
    const schema = schemaFor(DIFFERENTIAL_EXPRESSION);
    const { unsupported } = formValuesFromVariables(DIFFERENTIAL_EXPRESSION, schema, {
      a: { all: [{ diagnosis: 'E11' }], diagnosis: 'E11', not: { diagnosis: 'E66' } },
      b: { any: [{ diagnosis: 'C50', sex: 'FEMALE' }] },
    });
    expect(unsupported).toEqual(['Cohort A: not', 'Cohort A: all', 'Cohort B: any']);

    const gapminder = schemaFor(GAPMINDER_FILTER);
    const { values } = formValuesFromVariables(GAPMINDER_FILTER, gapminder, {
      filter: { regionIn: ['europe', 'asia'], incomeMin: 1000 },
      name: 'Rich Eurasia',
      first: 20,
      variables: ['health'],
    });
    expect(values.groups[0]).toEqual({
      name: 'Rich Eurasia',
      builder: 'fields',
      fields: { region: '', regionIn: 'europe, asia', incomeMin: '1000', healthMin: '' },
    });
    expect(values.parameters).toEqual({ first: '20', descending: 'false', variables: ['health'] });
    expect(decodeRunVariables('%%%')).toBeNull();
  });
});
