import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import knex from 'knex';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import {
  createTestDatabase,
  DATABASES,
  demoCaller,
  graphql,
  startLocalMesh,
  waitForHealthy,
  type LocalMesh,
  type TestDatabase,
} from '@mesh/testing';
import { createLogger } from '@mesh/product-kit';
import { openApiTokenStore, startGateway, type ApiTokenStore, type RunningGateway } from '../src';

describe('a real identity provider through JWKS (RS256, Keycloak-style roles claim)', () => {
  let mesh: LocalMesh;
  let gateway: RunningGateway;
  let jwksServer: Server;
  let privateKey: KeyLike;
  const issuer = 'https://idp.example.org/realms/research';

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    mesh = await startLocalMesh();
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [
        { name: 'clinical', url: mesh.clinical.url },
        { name: 'genomics', url: mesh.genomics.url },
      ],
      logger: createLogger('gateway', 'silent'),
      auth: {
        jwksUrl: `http://127.0.0.1:${port}/certs`,
        issuer,
        audience: 'mesh',
        rolesClaim: 'realm_access.roles',
        roleScopes: { 'research-staff': ['clinical:read'] },
      },
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await mesh?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const token = (claims: Record<string, unknown>, audience = 'mesh') =>
    new SignJWT({ realm_access: { roles: ['research-staff'] }, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('u-123')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('maps the provider roles to scopes: clinical readable, genomics not', async () => {
    const headers = { authorization: `Bearer ${await token({ name: 'Riley Researcher' })}` };
    const patients = await graphql(gateway.url, '{ patients(first: 1) { totalCount } }', {}, headers);
    expect(patients.errors).toBeUndefined();
    const genes = await graphql(gateway.url, '{ genes(first: 1) { nodes { symbol } } }', {}, headers);
    expect(genes.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Query.genes' });
  });

  it('refuses a token for another audience, and the development sign-in is off', async () => {
    const wrongAudience = await graphql(
      gateway.url,
      '{ patients(first: 1) { totalCount } }',
      {},
      {
        authorization: `Bearer ${await token({}, 'another-app')}`,
      },
    );
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.errors?.[0]?.message).toContain('aud');
    const login = await fetch(`${gateway.origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: 'demo' }),
    });
    expect(login.status).toBe(404);
  });
});

describe.each(DATABASES)('API token store on %s', (kind) => {
  let database: TestDatabase;
  let store: ApiTokenStore;

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'gateway_tokens');
    store = await openApiTokenStore({
      databaseFile: database.databaseFile ?? '',
      databaseUrl: database.databaseUrl,
      cacheMs: 0,
    });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('stores only a hash, verifies, lists per owner, expires and revokes', async () => {
    const alice = demoCaller('alice');
    const { token, record } = await store.create(alice, { label: 'pandas', expiresInDays: 7 });
    expect(store.kind).toBe(kind);
    expect(record.scopes).toEqual([...alice.scopes].sort());
    await expect(store.verify(token)).resolves.toMatchObject({
      kind: 'token',
      subject: 'alice',
      tokenId: record.id,
    });
    expect(await store.list('alice')).toEqual([expect.objectContaining({ id: record.id, label: 'pandas' })]);
    expect(await store.list('bob')).toEqual([]);
    expect(await store.revoke('bob', record.id)).toBe(false);
    expect(await store.revoke('alice', record.id)).toBe(true);
    await expect(store.verify(token)).resolves.toMatchObject({ refused: expect.stringContaining('revoked') });
    await expect(store.verify(`${token}x`)).resolves.toMatchObject({
      refused: expect.stringContaining('unknown'),
    });
  });

  it('keeps only the scopes the owner has', async () => {
    const carol = demoCaller('carol');
    const { record } = await store.create(carol, {
      label: 'narrow',
      scopes: ['clinical:read', 'genomics:read'],
      expiresInDays: 30,
    });
    expect(record.scopes).toEqual(['clinical:read']);
  });

  it('refuses to create a token above the maximum lifetime', async () => {
    await expect(store.create(demoCaller('alice'), { label: 'forever', expiresInDays: 366 })).rejects.toThrow(
      /1 to 365/,
    );
  });

  it('expires a token stored without an expiry (before the maximum existed) 365 days after creation', async () => {
    const db = knex(
      database.databaseUrl
        ? { client: 'pg', connection: database.databaseUrl }
        : {
            client: 'better-sqlite3',
            connection: { filename: database.databaseFile! },
            useNullAsDefault: true,
          },
    );
    const legacy = (token: string, ageDays: number) =>
      db('gateway_api_tokens').insert({
        id: randomUUID(),
        token_hash: createHash('sha256').update(token).digest('hex'),
        label: `legacy ${ageDays}`,
        subject: 'alice',
        name: null,
        roles: '[]',
        scopes: '[]',
        created_at: new Date(Date.now() - ageDays * 86_400_000).toISOString(),
        expires_at: null,
      });
    try {
      await legacy('mesh_pat_legacy_old', 400);
      await legacy('mesh_pat_legacy_young', 10);
    } finally {
      await db.destroy();
    }
    await expect(store.verify('mesh_pat_legacy_old')).resolves.toMatchObject({
      refused: expect.stringContaining('expired'),
    });
    await expect(store.verify('mesh_pat_legacy_young')).resolves.toMatchObject({ kind: 'token' });
  });
});
