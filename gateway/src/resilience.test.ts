import { CircuitBreaker, classifyFetchError } from './resilience';

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, half-opens after the cool-down, one probe at a time', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    breaker.failed();
    breaker.succeeded(); // a success resets the count
    breaker.failed();
    expect(breaker.state).toBe('closed');
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.acquire()).toBe('rejected');
    now = 1000;
    expect(breaker.state).toBe('half_open');
    expect(breaker.acquire()).toBe('probe');
    expect(breaker.acquire()).toBe('rejected');
    breaker.failed(); // the probe failed: open for another cool-down
    expect(breaker.state).toBe('open');
    now = 2000;
    expect(breaker.acquire()).toBe('probe');
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.acquire()).toBe('allowed');
  });
});

describe('classifyFetchError', () => {
  it.each([
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'CONNECTION_FAILED'],
    [
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }),
      'CONNECTION_FAILED',
    ],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'TIMEOUT'],
    [
      Object.assign(new Error('502: Bad Gateway'), { extensions: { response: { status: 502 } } }),
      'HTTP_ERROR',
    ],
    [Object.assign(new Error('400: Bad Request'), { extensions: { response: { status: 400 } } }), null],
  ])('%s → %s', (error, reason) => {
    expect(classifyFetchError(error)).toBe(reason);
  });
});
