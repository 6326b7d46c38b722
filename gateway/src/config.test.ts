import { gatewayEnvSchema } from './config';

describe('gateway env', () => {
  it('documents its protection and resilience defaults', () => {
    const env = gatewayEnvSchema.parse({});
    expect(env).toMatchObject({
      MAX_QUERY_DEPTH: 15,
      MAX_ALIASES: 30,
      MAX_DIRECTIVES_PER_FIELD: 5,
      MAX_TOKENS: 10_000,
      MAX_QUERY_COST: 1_000_000,
      BATCHING: false,
      MAX_BATCH_SIZE: 10,
      SUBGRAPH_TIMEOUTS: {},
      SUBGRAPH_RETRIES: 2,
      BREAKER_FAILURE_THRESHOLD: 5,
      BREAKER_COOLDOWN_MS: 10_000,
    });
    expect(env.INTROSPECTION).toBeUndefined();
  });

  it('parses flags and per-product timeouts, and lists every bad value', () => {
    expect(
      gatewayEnvSchema.parse({
        BATCHING: 'true',
        INTROSPECTION: 'false',
        SUBGRAPH_TIMEOUTS: 'genomics=60000, clinical=5000',
      }),
    ).toMatchObject({
      BATCHING: true,
      INTROSPECTION: false,
      SUBGRAPH_TIMEOUTS: { genomics: 60_000, clinical: 5_000 },
    });
    const result = gatewayEnvSchema.safeParse({
      BATCHING: 'yes',
      SUBGRAPH_TIMEOUTS: 'genomics=soon',
      MAX_QUERY_DEPTH: '0',
    });
    expect(result.success).toBe(false);
    const messages = result
      .error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    expect(messages).toMatch(/BATCHING/);
    expect(messages).toMatch(/"genomics=soon" is not NAME=MILLISECONDS/);
    expect(messages).toMatch(/MAX_QUERY_DEPTH/);
  });
});
