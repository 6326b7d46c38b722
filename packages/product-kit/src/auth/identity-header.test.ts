import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, type Caller } from './caller';
import {
  createIdentitySigner,
  createIdentityVerifier,
  IdentityRefusalReason,
  type HopRequest,
} from './identity-header';
import { SeenNonces } from './seen-nonces';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const carol: Caller = {
  kind: 'user',
  subject: 'carol',
  name: 'Carol Clinician',
  roles: ['clinician'],
  scopes: ['clinical:read', 'clinical:identifiable'],
};
const request = (body: string, route: HopRequest['route'] = 'graphql'): HopRequest => ({
  method: 'POST',
  route,
  body,
});

function reasonOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      http: { status: 401 },
    });
    return (error as GraphQLError).extensions.reason;
  }
  throw new Error('not refused');
}

describe('identity bound to one hop', () => {
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const sign = createIdentitySigner((product) => `${SECRET}-${product}`, { lifetimeSeconds: 30, now });
  const clinical = () =>
    createIdentityVerifier({ secret: `${SECRET}-clinical`, audience: 'clinical', clockSkewSeconds: 5, now });

  it('admits the request it was signed for, once', () => {
    const verifier = clinical();
    const header = sign(carol, 'clinical', request('{"query":"{ a }"}'));
    expect(verifier.verify(header, request('{"query":"{ a }"}'))).toEqual(carol);
    expect(reasonOf(() => verifier.verify(header, request('{"query":"{ a }"}')))).toBe(
      IdentityRefusalReason.Replayed,
    );
  });

  it('refuses it for another body, endpoint, method or query string', () => {
    const verifier = clinical();
    const header = sign(carol, 'clinical', request('{"query":"{ a }"}'));
    expect(reasonOf(() => verifier.verify(header, request('{"query":"{ b }"}')))).toBe(
      IdentityRefusalReason.RequestMismatch,
    );
    expect(reasonOf(() => verifier.verify(header, request('{"query":"{ a }"}', 'bulk')))).toBe(
      IdentityRefusalReason.RequestMismatch,
    );
    expect(reasonOf(() => verifier.verify(header, { ...request('{"query":"{ a }"}'), search: '?x=1' }))).toBe(
      IdentityRefusalReason.RequestMismatch,
    );
    expect(reasonOf(() => verifier.verify(header, { ...request('{"query":"{ a }"}'), method: 'GET' }))).toBe(
      IdentityRefusalReason.RequestMismatch,
    );
    // A refused attempt does not spend the nonce: the genuine request still goes through.
    expect(verifier.verify(header, request('{"query":"{ a }"}'))).toEqual(carol);
  });

  it('refuses it at another product, even one sharing the secret', () => {
    const shared = createIdentitySigner(SECRET, { now });
    const trials = createIdentityVerifier({ secret: SECRET, audience: 'trials', now });
    const header = shared(carol, 'clinical', request('{}'));
    expect(reasonOf(() => trials.verify(header, request('{}')))).toBe(IdentityRefusalReason.Audience);
    // Per-product secrets: clinical's header does not even verify with trials' secret.
    const trialsOwn = createIdentityVerifier({ secret: `${SECRET}-trials`, audience: 'trials', now });
    expect(reasonOf(() => trialsOwn.verify(sign(carol, 'clinical', request('{}')), request('{}')))).toBe(
      IdentityRefusalReason.Signature,
    );
  });

  it('refuses it after its lifetime (plus the clock skew), and before it starts', () => {
    const verifier = clinical();
    const early = sign(carol, 'clinical', request('{}'));
    clock += 34_000;
    expect(verifier.verify(early, request('{}'))).toEqual(carol); // 34 s: within 30 s + 5 s skew
    const late = sign(carol, 'clinical', request('{ }'));
    clock += 36_000;
    expect(reasonOf(() => verifier.verify(late, request('{ }')))).toBe(IdentityRefusalReason.Expired);
    const future = createIdentitySigner(`${SECRET}-clinical`, { now: () => clock + 60_000 });
    expect(reasonOf(() => verifier.verify(future(carol, 'clinical', request('{}')), request('{}')))).toBe(
      IdentityRefusalReason.Expired,
    );
  });

  it('refuses a lifetime above the product maximum, tampered claims and other algorithms', () => {
    const verifier = clinical();
    const long = createIdentitySigner(`${SECRET}-clinical`, { lifetimeSeconds: 3600, now });
    expect(reasonOf(() => verifier.verify(long(carol, 'clinical', request('{}')), request('{}')))).toBe(
      IdentityRefusalReason.Expired,
    );
    const [header, payload, signature] = sign(carol, 'clinical', request('{}')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const admin = Buffer.from(JSON.stringify({ ...claims, scopes: ['mesh:admin'] })).toString('base64url');
    expect(reasonOf(() => verifier.verify(`${header}.${admin}.${signature}`, request('{}')))).toBe(
      IdentityRefusalReason.Signature,
    );
    const none = Buffer.from('{"alg":"none"}').toString('base64url');
    expect(reasonOf(() => verifier.verify(`${none}.${payload}.`, request('{}')))).toBe(
      IdentityRefusalReason.Malformed,
    );
    // A standard HS256 JWT with the right key but a different protected header is not the gateway's.
    const other = Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url');
    const resigned = createHmac('sha256', `${SECRET}-clinical`)
      .update(`${other}.${payload}`)
      .digest('base64url');
    expect(reasonOf(() => verifier.verify(`${other}.${payload}.${resigned}`, request('{}')))).toBe(
      IdentityRefusalReason.Malformed,
    );
  });

  it('signs anonymous callers too, and reads no header as a direct anonymous call', () => {
    const verifier = clinical();
    const header = sign(ANONYMOUS, 'clinical', request('{}'));
    const opened = verifier.open(header);
    expect(opened?.caller).toEqual(ANONYMOUS);
    expect(verifier.admit(opened!, request('{}'))).toEqual(ANONYMOUS);
    expect(verifier.open(undefined)).toBeNull();
    expect(verifier.verify(undefined, request('{}'))).toEqual(ANONYMOUS);
  });
});

describe('the nonce set', () => {
  it('forgets nonces once they expire, and stays within its capacity', () => {
    const seen = new SeenNonces(3);
    expect(seen.add('a', 1_000, 0)).toBe(true);
    expect(seen.add('a', 1_000, 10)).toBe(false);
    expect(seen.add('b', 2_000, 10)).toBe(true);
    expect(seen.add('c', 3_000, 1_500)).toBe(true); // a expired
    expect(seen.size).toBe(2);
    seen.add('d', 4_000, 1_500);
    seen.add('e', 5_000, 1_500); // at capacity: the oldest (b) leaves
    expect(seen.size).toBe(3);
    expect(seen.add('c', 3_000, 1_500)).toBe(false);
  });
});

describe('the recording claim', () => {
  it('marks only headers the gateway signed for its own recording call', () => {
    const sign = createIdentitySigner(SECRET);
    const verifier = createIdentityVerifier({ secret: SECRET, audience: 'workspace' });
    const plain = verifier.verify(sign(carol, 'workspace', request('{a}')), request('{a}'));
    expect(plain.recording).toBeUndefined();
    const recording = verifier.verify(
      sign(carol, 'workspace', request('{b}'), { recording: true }),
      request('{b}'),
    );
    expect(recording).toEqual({ ...carol, recording: true });
  });
});
