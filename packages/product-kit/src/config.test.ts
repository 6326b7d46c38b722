import { ConfigError, loadConfig, productEnvSchema, productServerSettings } from './config';

describe('loadConfig', () => {
  const schema = productEnvSchema({ port: 4001, databaseFile: 'data/x.sqlite' });

  it('applies defaults', () => {
    expect(loadConfig('x', schema, {})).toMatchObject({
      PORT: 4001,
      HOST: '127.0.0.1',
      DATABASE_FILE: 'data/x.sqlite',
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig('x', schema, { PORT: 'eighty', LOG_LEVEL: 'loud', MAX_BODY_BYTES: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect((error as ConfigError).problems).toHaveLength(3);
    expect(problems).toContain('PORT');
    expect(problems).toContain('LOG_LEVEL');
    expect(problems).toContain('MAX_BODY_BYTES');
    expect((error as Error).message).toContain('"eighty"');
  });

  it('gives direct callers the gateway client limits, gateway hops more room, and short timeouts', () => {
    const settings = productServerSettings(loadConfig('x', schema, {}));
    expect(settings).toMatchObject({
      maxBodyBytes: 1_048_576,
      gatewayMaxBodyBytes: 16 * 1_048_576,
      maxJsonDepth: 64,
      identityClockSkewSeconds: 5,
      identityMaxLifetimeSeconds: 60,
      limits: {
        maxDepth: 16,
        maxAliases: 30,
        maxDirectivesPerField: 5,
        maxTokens: 20_000,
        maxCost: 1_000_000,
      },
      timeouts: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        socketTimeoutMs: 120_000,
      },
    });
  });
});
