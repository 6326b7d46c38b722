import type { IncomingMessage } from 'node:http';
import { ANONYMOUS, createIdentitySigner, IDENTITY_HEADER, type Caller } from './auth';
import { createHopAdmission } from './hop-admission';

const SECRET = 'hop-admission-test-secret';
const caller: Caller = { kind: 'user', subject: 'ada', name: 'Ada', roles: ['admin'], scopes: [] };
const body = Buffer.from('{"query":"{ ok }"}');
const requestWith = (header?: string) =>
  ({ headers: header === undefined ? {} : { [IDENTITY_HEADER]: header } }) as unknown as IncomingMessage;

describe('hop admission: body limits', () => {
  const hops = createHopAdmission('clinical', {
    identitySecret: SECRET,
    maxBodyBytes: 1_000,
    gatewayMaxBodyBytes: 50_000,
  });
  const sign = createIdentitySigner(SECRET);

  it('a fresh gateway identity gets the gateway limit; no header, the direct limit', () => {
    const header = sign(caller, 'clinical', { method: 'POST', route: 'graphql', body });
    expect(hops.bodyLimit(requestWith(header))).toBe(50_000);
    expect(hops.bodyLimit(requestWith())).toBe(1_000);
    expect(hops.callerOf(requestWith(), { method: 'POST', route: 'graphql', body })).toBe(ANONYMOUS);
  });

  it('a header already spent (a captured one, replayed within its lifetime) gets the direct limit only', () => {
    const header = sign(caller, 'clinical', { method: 'POST', route: 'graphql', body });
    const first = requestWith(header);
    expect(hops.bodyLimit(first)).toBe(50_000);
    expect(hops.callerOf(first, { method: 'POST', route: 'graphql', body })).toMatchObject({
      subject: 'ada',
    });
    // The replay is refused once admitted (401), but must not first read a gateway-sized body.
    const replay = requestWith(header);
    expect(hops.bodyLimit(replay)).toBe(1_000);
    expect(() => hops.callerOf(replay, { method: 'POST', route: 'graphql', body })).toThrow(/already used/);
  });
});
