import type { Caller } from '@mesh/product-kit';
import { eventsOf } from './events';

describe('audit events', () => {
  it('clips the caller’s subject and name to the columns’ 200 characters (a long claim must not fail a batch)', () => {
    const caller: Caller = {
      kind: 'user',
      subject: 's'.repeat(5_000),
      name: 'n'.repeat(5_000),
      roles: [],
      scopes: [],
    };
    const [event] = eventsOf({
      caller,
      headers: undefined,
      operationName: 'o'.repeat(5_000),
      operationHash: null,
      coordinates: ['Patient.id'],
      refused: [],
      rows: new Map(),
      outcome: 'ok',
      fieldProducts: new Map([['Patient.id', ['clinical']]]),
    });
    expect(event?.subject).toHaveLength(200);
    expect(event?.callerName).toHaveLength(200);
    expect(event?.operationName).toHaveLength(200);
  });
});
