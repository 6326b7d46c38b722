import type { Caller } from '@mesh/product-kit';
import { createGrantView } from './grants';
import { ownsProduct } from '../auth/product-owners';

const carol: Caller = {
  kind: 'user',
  subject: 'carol',
  name: 'Carol',
  roles: ['clinician'],
  scopes: ['clinical:read'],
};

describe('grant view', () => {
  it('adds a grant until its expiry, checked on every use (not at the next refresh)', async () => {
    const grants = await createGrantView({});
    const expiresAt = Date.now() + 60_000;
    grants.add({ subject: 'carol', scope: 'genomics:read', expiresAt });
    expect(grants.withGrants(carol).scopes).toEqual(['clinical:read', 'genomics:read']);
    expect(grants.withGrants({ ...carol, subject: 'bob' }).scopes).toEqual(['clinical:read']);
    const now = jest.spyOn(Date, 'now').mockReturnValue(expiresAt);
    try {
      expect(grants.withGrants(carol).scopes).toEqual(['clinical:read']);
    } finally {
      now.mockRestore();
    }
    await grants.close();
  });
});

describe('product owners', () => {
  const ada: Caller = { kind: 'user', subject: 'ada', name: null, roles: ['admin'], scopes: [] };
  it('matches subjects and role: entries; * adds to every product', () => {
    const owners = { genomics: ['gene'], '*': ['role:admin'] };
    expect(ownsProduct(ada, 'clinical', owners)).toBe(true);
    expect(ownsProduct({ ...carol, subject: 'gene' }, 'genomics', owners)).toBe(true);
    expect(ownsProduct({ ...carol, subject: 'gene' }, 'clinical', owners)).toBe(false);
    expect(ownsProduct(carol, 'genomics', owners)).toBe(false);
  });
  it('reads own keys only: a product named after an Object.prototype member neither throws nor matches', () => {
    const owners = { '*': ['role:admin'] };
    for (const product of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(ownsProduct(carol, product, owners)).toBe(false);
      expect(ownsProduct(ada, product, owners)).toBe(true);
    }
    expect(ownsProduct(ada, 'clinical', {})).toBe(true);
  });
});
