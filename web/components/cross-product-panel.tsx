'use client';

import { useState } from 'react';
import { cacheExchange, createClient, fetchExchange, Provider, useQuery } from 'urql';
import { CROSS_PRODUCT_QUERY, type CrossProductVariables } from '@/lib/queries';
import { CrossProductForm } from './cross-product-form';
import { CrossProductResults } from './cross-product-results';

const NOT_YET_ASKED: CrossProductVariables = { diagnosis: '', genes: [], first: 0 };

function sameVariables(a: CrossProductVariables, b: CrossProductVariables): boolean {
  return a.diagnosis === b.diagnosis && a.first === b.first && a.genes.join('\n') === b.genes.join('\n');
}

function CrossProductExplorer() {
  const [variables, setVariables] = useState<CrossProductVariables | null>(null);
  const [result, reexecute] = useQuery({
    query: CROSS_PRODUCT_QUERY,
    variables: variables ?? NOT_YET_ASKED,
    pause: variables === null,
    // Each run is a fresh answer, so its provenance names the snapshots being served right now.
    requestPolicy: 'network-only',
  });

  function run(next: CrossProductVariables) {
    if (variables && sameVariables(variables, next)) reexecute({ requestPolicy: 'network-only' });
    else setVariables(next);
  }

  return (
    <div className="panel">
      <CrossProductForm onRun={run} running={result.fetching} />
      <CrossProductResults asked={variables !== null} result={result} />
    </div>
  );
}

/** The browser's view of the mesh: every request goes through this app's `/api/graphql` proxy. */
export function CrossProductPanel() {
  const [client] = useState(() =>
    createClient({ url: '/api/graphql', exchanges: [cacheExchange, fetchExchange], preferGetMethod: false }),
  );
  return (
    <Provider value={client}>
      <CrossProductExplorer />
    </Provider>
  );
}
