import { ConfigError, loadConfig, productEnvSchema } from './config';

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
});
