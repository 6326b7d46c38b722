import { dedupSubgraphFetch } from './outbound-dedup';
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
    const init = (trace: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mesh-identity': 'alice', traceparent: trace },
      body: query('{ patients { totalCount } }'),
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

  it('never shares between callers, different queries or mutations', async () => {
    const product = controlledFetch();
    const { fetch, stats } = dedupSubgraphFetch(product.fetch);
    const send = (identity: string, body: string) =>
      fetch('http://clinical/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mesh-identity': identity },
        body,
      });
    const pending = [
      send('alice', query('{ patients { totalCount } }')),
      send('carol', query('{ patients { totalCount } }')),
      send('alice', query('{ genes { totalCount } }')),
      send('alice', query('mutation { save }')),
      send('alice', query('mutation { save }')),
    ];
    await Promise.resolve();
    expect(product.calls).toHaveLength(5);
    for (const call of product.calls) call.answer('{"data":{}}');
    await Promise.all(pending);
    expect(stats).toEqual({ sent: 5, shared: 0 });
  });
});
