import { childTraceparent, readTraceContext } from './trace-context';

describe('trace context', () => {
  it('continues a valid traceparent and gives each outgoing call a new span', () => {
    const trace = readTraceContext('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'vendor=1');
    expect(trace).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      state: 'vendor=1',
    });
    const child = childTraceparent(trace).split('-');
    expect(child[1]).toBe(trace.traceId);
    expect(child[2]).toMatch(/^[0-9a-f]{16}$/);
    expect(child[2]).not.toBe('00f067aa0ba902b7');
    expect(child[2]).not.toBe(childTraceparent(trace).split('-')[2]);
  });

  it.each([
    undefined,
    'garbage',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  ])('starts a new trace for %s', (header) => {
    const trace = readTraceContext(header);
    expect(trace.parentId).toBeNull();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(trace.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
