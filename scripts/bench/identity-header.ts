/**
 * Micro-benchmark: the per-hop identity header, hand-written compact HS256 JWS on node:crypto (what the
 * kit uses) against jose's SignJWT / jwtVerify with the same claims. The gateway signs once per product
 * fetch and the product verifies once per request, so both sides are on every request's path.
 *
 *   npx tsx --conditions=development scripts/bench/identity-header.ts [--iterations 20000]
 */
import { parseArgs } from 'node:util';
import { jwtVerify, SignJWT } from 'jose';
import { createIdentitySigner, createIdentityVerifier, hopDigest, type Caller } from '@mesh/product-kit';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '20000' } } });
const iterations = Number(values.iterations);
const secret = 'a-benchmark-secret-of-at-least-32-characters';
const caller: Caller = {
  kind: 'user',
  subject: 'alice',
  name: 'Alice Analyst',
  roles: ['analyst'],
  scopes: ['clinical:read', 'genomics:read', 'trials:read', 'workspace:read', 'workspace:write'],
};
// A typical entity fetch: 100 patient references.
const body = JSON.stringify({
  query:
    'query($representations:[_Any!]!){_entities(representations:$representations){...on Patient{samples{id}}}}',
  variables: {
    representations: Array.from({ length: 100 }, (_, i) => ({ __typename: 'Patient', id: `PAT-${i}` })),
  },
});
const request = { method: 'POST', route: 'graphql' as const, body };

async function measure(name: string, run: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 2_000; i++) await run(iterations + i); // warm-up (its own headers: nonces are spent)
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run(i);
  const perOp = Number(process.hrtime.bigint() - started) / iterations / 1000;
  console.log(`${name.padEnd(34)} ${perOp.toFixed(2).padStart(8)} µs/op`);
  return perOp;
}

async function main() {
  const sign = createIdentitySigner(secret);
  const verifier = createIdentityVerifier({ secret, audience: 'genomics', nonceCapacity: iterations * 4 });
  const key = new TextEncoder().encode(secret);
  const joseSign = () =>
    new SignJWT({
      kind: caller.kind,
      name: caller.name,
      roles: caller.roles,
      scopes: caller.scopes,
      hop: hopDigest(request),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caller.subject!)
      .setIssuer('mesh-gateway')
      .setAudience('genomics')
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime('30s')
      .sign(key);
  const ours = await measure('sign (node:crypto)', () => sign(caller, 'genomics', request));
  const theirs = await measure('sign (jose SignJWT)', joseSign);
  const headers = Array.from({ length: iterations + 2_000 }, () => sign(caller, 'genomics', request));
  const joseHeaders = await Promise.all(Array.from({ length: 2_000 }, joseSign));
  const verified = await measure('verify + digest (node:crypto)', (i) =>
    verifier.verify(headers[i], request),
  );
  const joseVerified = await measure('verify + digest (jose jwtVerify)', async (i) => {
    await jwtVerify(joseHeaders[i % joseHeaders.length]!, key, {
      issuer: 'mesh-gateway',
      audience: 'genomics',
    });
    hopDigest(request);
  });
  console.log(
    `\nsign: ${(theirs / ours).toFixed(1)}x faster; verify: ${(joseVerified / verified).toFixed(1)}x faster`,
  );
}

void main();
