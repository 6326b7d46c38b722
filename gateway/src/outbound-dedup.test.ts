import { dedupSubgraphFetch, isQuery } from './outbound-dedup';
import type { SubgraphFetch } from './subgraph-fetch';

/** A fake product: each fetch waits until the test answers it, so concurrency is exact. */
function controlledFetch() {
  const calls: { url: string; body: string; answer(text: string): void }[] = [];
  const fetch = ((url: string, init: { body: string }) =>
    new Promise((resolve) => {
      calls.push({
        url,
        body: init.body,
        answer: (text) =>
          resolve(new Response(text, { status: 200, headers: { 'content-type': 'application/json' } })),
      });
    })) as unknown as SubgraphFetch;
  return { fetch, calls };
}

const query = (text: string) => JSON.stringify({ query: text, variables: {} });

describe('outbound de-duplication', () => {
  it('sends one fetch for identical concurrent queries and gives each caller its own response', async () => {
    const product = controlledFetch();
    const { fetch, stats } = dedupSubgraphFetch(product.fetch);
    // Each fetch carries its own signed identity (a nonce each); the caller is the same: they share.
    const init = (trace: string) => ({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-mesh-identity': `alice-signed-for-${trace}`,
        traceparent: trace,
      },
      body: query('{ patients { totalCount } }'),
      shareKey: 'alice',
    });
    const first = fetch('http://clinical/graphql', init('00-a'));
    const second = fetch('http://clinical/graphql', init('00-b'));
    await Promise.resolve();
    expect(product.calls).toHaveLength(1);
    product.calls[0]!.answer('{"data":{"patients":{"totalCount":3}}}');
    const [a, b] = await Promise.all([first, second]);
    expect(await a.json()).toEqual({ data: { patients: { totalCount: 3 } } });
    expect(await b.json()).toEqual({ data: { patients: { totalCount: 3 } } });
    expect(stats).toEqual({ sent: 1, shared: 1 });
    // Once answered, the next identical fetch goes out again: nothing is cached.
    const third = fetch('http://clinical/graphql', init('00-c'));
    await Promise.resolve();
    expect(product.calls).toHaveLength(2);
    product.calls[1]!.answer('{"data":{}}');
    await third;
  });

  it('never shares between callers, different queries, mutations or signed fetches of unknown callers', async () => {
    const product = controlledFetch();
    const { fetch, stats } = dedupSubgraphFetch(product.fetch);
    let nonce = 0;
    const send = (caller: string | undefined, body: string) =>
      fetch('http://clinical/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mesh-identity': `signed-${(nonce += 1)}` },
        body,
        ...(caller ? { shareKey: caller } : {}),
      });
    const pending = [
      send('alice', query('{ patients { totalCount } }')),
      send('carol', query('{ patients { totalCount } }')),
      send('alice', query('{ genes { totalCount } }')),
      send('alice', query('mutation { save }')),
      send('alice', query('mutation { save }')),
      send(undefined, query('{ patients { totalCount } }')),
      send(undefined, query('{ patients { totalCount } }')),
    ];
    await Promise.resolve();
    expect(product.calls).toHaveLength(7);
    for (const call of product.calls) call.answer('{"data":{}}');
    await Promise.all(pending);
    expect(stats).toEqual({ sent: 7, shared: 0 });
  });

  it('takes compact, spaced and named queries for queries, mutations not', () => {
    // The plan executor sends compact documents: `{patients(…){…}}` was once taken for a non-query.
    expect(isQuery(query('{patients(first:4){nodes{id}}}'))).toBe(true);
    expect(isQuery(query('{ patients { totalCount } }'))).toBe(true);
    expect(isQuery(query('\n  query Q($id: ID!) { patient(id: $id) { id } }'))).toBe(true);
    expect(isQuery(query('query($r:[_Any!]!){_entities(representations:$r){__typename}}'))).toBe(true);
    expect(isQuery(query('mutation { save }'))).toBe(false);
    expect(isQuery(query('mutation{save}'))).toBe(false);
  });
});
