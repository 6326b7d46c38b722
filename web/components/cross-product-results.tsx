'use client';

import type { UseQueryState } from 'urql';
import { shortDataVersion } from '@/lib/data-version';
import {
  readProvenance,
  type CrossProductData,
  type CrossProductPatient,
  type CrossProductVariables,
} from '@/lib/queries';
import { GraphQLErrorList } from './graphql-error-list';

interface Row {
  key: string;
  patient: CrossProductPatient;
  sampleId: string | null;
  sampleType: string | null;
  values: (number | null)[];
}

/** One row per sample; a patient without samples still gets a row, so the page size stays visible. */
function toRows(patients: readonly CrossProductPatient[], genes: readonly string[]): Row[] {
  return patients.flatMap((patient): Row[] => {
    if (!patient.samples || patient.samples.length === 0) {
      return [{ key: patient.id, patient, sampleId: null, sampleType: null, values: genes.map(() => null) }];
    }
    return patient.samples.map((sample) => {
      const bySymbol = new Map((sample.expression ?? []).map(({ gene, value }) => [gene.symbol, value]));
      return {
        key: `${patient.id}/${sample.id}`,
        patient,
        sampleId: sample.id,
        sampleType: sample.type,
        values: genes.map((gene) => bySymbol.get(gene) ?? null),
      };
    });
  });
}

function Provenance({ extensions }: { extensions: Record<string, unknown> | undefined }) {
  const provenance = readProvenance(extensions);
  if (!provenance) return null;
  const products = Object.entries(provenance).sort(([a], [b]) => a.localeCompare(b));
  return (
    <p className="provenance" data-testid="provenance">
      <span className="provenance__label">Provenance:</span>
      {products.map(([name, { version, dataVersion }]) => (
        <span key={name} className="provenance__item">
          <code>{name}</code> {version}, data <code title={dataVersion}>{shortDataVersion(dataVersion)}</code>
        </span>
      ))}
    </p>
  );
}

function ResultsTable({ data, variables }: { data: CrossProductData; variables: CrossProductVariables }) {
  const { totalCount, nodes } = data.patients;
  if (nodes.length === 0) {
    return (
      <p className="notice" data-testid="empty">
        No patients with diagnosis <code>{variables.diagnosis}</code> in this snapshot.
      </p>
    );
  }
  const rows = toRows(nodes, variables.genes);
  return (
    <div className="table-scroll" role="region" aria-labelledby="results-caption" tabIndex={0}>
      <table className="data-table">
        <caption id="results-caption">
          Patients with diagnosis {variables.diagnosis}: {nodes.length} of {totalCount}, with expression in
          log2(TPM+1)
        </caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col" className="num">
              Age
            </th>
            <th scope="col">Sex</th>
            <th scope="col">Sample</th>
            <th scope="col">Type</th>
            {variables.genes.map((gene) => (
              <th key={gene} scope="col" className="num">
                {gene}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.patient.id}</th>
              <td className="num">{row.patient.age}</td>
              <td>{row.patient.sex.toLowerCase()}</td>
              <td>{row.sampleId ?? <span className="muted">no samples</span>}</td>
              <td>{row.sampleType?.toLowerCase() ?? ''}</td>
              {row.values.map((value, index) => (
                <td key={variables.genes[index]} className="num">
                  {value === null ? <span className="muted">n/a</span> : value.toFixed(3)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function hasInputError(result: UseQueryState<CrossProductData, CrossProductVariables>): boolean {
  return (result.error?.graphQLErrors ?? []).some((error) => error.extensions.code === 'BAD_USER_INPUT');
}

function statusText(result: UseQueryState<CrossProductData, CrossProductVariables>): string {
  if (result.fetching) return 'Running the federated query across clinical and genomics…';
  if (result.error) return ''; // the error list below is an alert of its own
  const patients = result.data?.patients;
  if (!patients) return '';
  return `Showing ${patients.nodes.length} of ${patients.totalCount} patients.`;
}

export function CrossProductResults({
  asked,
  result,
}: {
  asked: boolean;
  result: UseQueryState<CrossProductData, CrossProductVariables>;
}) {
  if (!asked) {
    return <p className="muted results-placeholder">Choose a diagnosis and genes, then run the query.</p>;
  }
  const variables = result.operation?.variables;
  return (
    <div className="results" aria-busy={result.fetching}>
      <p role="status" className="results__status">
        {statusText(result)}
      </p>
      {result.fetching ? null : (
        <>
          {result.error ? <GraphQLErrorList error={result.error} title="The query failed." /> : null}
          {/* A mistake in the request (an unknown gene) gets the error alone: a table of nulls would mislead. */}
          {result.data?.patients && variables && !hasInputError(result) ? (
            <ResultsTable data={result.data} variables={variables} />
          ) : null}
          <Provenance extensions={result.extensions} />
        </>
      )}
    </div>
  );
}
