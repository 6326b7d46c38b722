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

  it('documents its authentication defaults: no secrets, the demo roles, no visibility overrides', () => {
    const env = gatewayEnvSchema.parse({});
    expect(env).toMatchObject({
      JWT_ROLES_CLAIM: 'roles',
      API_TOKENS_DATABASE_FILE: 'data/gateway-auth.sqlite',
      PRODUCT_VISIBILITY: {},
    });
    for (const unset of [
      'JWT_SECRET',
      'JWKS_URL',
      'JWT_ISSUER',
      'JWT_AUDIENCE',
      'ROLE_SCOPES',
      'MESH_IDENTITY_SECRET',
      'DEMO_SIGN_IN',
      'API_TOKENS_DATABASE_URL',
    ] as const)
      expect(env[unset]).toBeUndefined();
  });

  it.each([
    ['true', { enabled: true, policy: 'all' }],
    ['false', { enabled: false, policy: 'none' }],
    ['authenticated', { enabled: true, policy: 'authenticated' }],
    ['roles:admin', { enabled: true, policy: { roles: ['admin'] } }],
    ['roles:admin,analyst', { enabled: true, policy: { roles: ['admin', 'analyst'] } }],
  ])('parses INTROSPECTION=%s', (value, expected) => {
    expect(gatewayEnvSchema.parse({ INTROSPECTION: value }).INTROSPECTION).toEqual(expected);
  });

  it.each(['yes', 'roles:', 'roles:admin,', 'everyone', 'FALSE', 'Authenticated', 'roles:Admin'])(
    'refuses INTROSPECTION=%s',
    (value) => {
      const result = gatewayEnvSchema.safeParse({ INTROSPECTION: value });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({
        path: ['INTROSPECTION'],
        message: 'is true, false, authenticated or roles:ROLE,ROLE (lower case)',
      });
    },
  );

  it('parses the authentication settings, and lists every bad value', () => {
    const secret = 'x'.repeat(32);
    expect(
      gatewayEnvSchema.parse({
        JWT_SECRET: secret,
        JWKS_URL: 'https://idp.example.org/realms/mesh/protocol/openid-connect/certs',
        JWT_ISSUER: 'https://idp.example.org/realms/mesh',
        JWT_AUDIENCE: 'mesh',
        JWT_ROLES_CLAIM: 'realm_access.roles',
        ROLE_SCOPES: '{"analyst": ["clinical:read", "genomics:read"], "guest": []}',
        MESH_IDENTITY_SECRET: secret,
        DEMO_SIGN_IN: 'false',
        API_TOKENS_DATABASE_URL: 'postgres://mesh@127.0.0.1/mesh',
        PRODUCT_VISIBILITY: 'gapminder=public, trials=private',
      }),
    ).toMatchObject({
      JWT_SECRET: secret,
      JWKS_URL: 'https://idp.example.org/realms/mesh/protocol/openid-connect/certs',
      JWT_ISSUER: 'https://idp.example.org/realms/mesh',
      JWT_AUDIENCE: 'mesh',
      JWT_ROLES_CLAIM: 'realm_access.roles',
      ROLE_SCOPES: { analyst: ['clinical:read', 'genomics:read'], guest: [] },
      MESH_IDENTITY_SECRET: secret,
      DEMO_SIGN_IN: false,
      API_TOKENS_DATABASE_URL: 'postgres://mesh@127.0.0.1/mesh',
      PRODUCT_VISIBILITY: { gapminder: 'public', trials: 'private' },
    });
    const result = gatewayEnvSchema.safeParse({
      JWT_SECRET: 'short',
      MESH_IDENTITY_SECRET: 'also-short',
      JWKS_URL: 'not a url',
      ROLE_SCOPES: '{"analyst": "clinical:read"}',
      DEMO_SIGN_IN: 'yes',
      PRODUCT_VISIBILITY: 'gapminder=open',
    });
    expect(result.success).toBe(false);
    const messages = result
      .error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    expect(messages).toMatch(/JWT_SECRET: must be at least 32 characters/);
    expect(messages).toMatch(/MESH_IDENTITY_SECRET: must be at least 32 characters/);
    expect(messages).toMatch(/JWKS_URL/);
    expect(messages).toMatch(/ROLE_SCOPES: is a JSON object of role → list of scopes/);
    expect(messages).toMatch(/DEMO_SIGN_IN/);
    expect(messages).toMatch(/PRODUCT_VISIBILITY: "gapminder=open" is not NAME=public\|private/);
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
      INTROSPECTION: { enabled: false, policy: 'none' },
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

  it('parses per-product identity secrets and the identity lifetime, and refuses bad ones', () => {
    const secret = 'y'.repeat(32);
    expect(
      gatewayEnvSchema.parse({
        MESH_IDENTITY_SECRETS: JSON.stringify({ clinical: secret }),
        MESH_IDENTITY_LIFETIME_SECONDS: '10',
      }),
    ).toMatchObject({ MESH_IDENTITY_SECRETS: { clinical: secret }, MESH_IDENTITY_LIFETIME_SECONDS: 10 });
    expect(gatewayEnvSchema.parse({}).MESH_IDENTITY_LIFETIME_SECONDS).toBe(30);
    const result = gatewayEnvSchema.safeParse({
      MESH_IDENTITY_SECRETS: '{"clinical": "short"}',
      MESH_IDENTITY_LIFETIME_SECONDS: '3600',
      HEADERS_TIMEOUT_MS: '0',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'HEADERS_TIMEOUT_MS',
      'MESH_IDENTITY_LIFETIME_SECONDS',
      'MESH_IDENTITY_SECRETS',
    ]);
  });
});
