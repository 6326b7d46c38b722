import type { IncomingMessage } from 'node:http';
import { addressKey, clientAddress, createLoginThrottle } from './login-throttle';

const at = (account: string, address = '10.0.0.1') => ({ account, address });

describe('login throttle', () => {
  afterEach(() => jest.useRealTimers());

  it('locks an account after its failures, the right password included, until the window ends', () => {
    jest.useFakeTimers({ now: 0 });
    const throttle = createLoginThrottle({ perAccount: { failures: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds(at('carol'))).toBe(0);
      throttle.failed(at('carol'));
    }
    expect(throttle.retryAfterSeconds(at('Carol '))).toBe(60);
    jest.setSystemTime(59_000);
    expect(throttle.retryAfterSeconds(at('carol'))).toBe(1);
    jest.setSystemTime(60_000);
    expect(throttle.retryAfterSeconds(at('carol'))).toBe(0);
  });

  it('doubles each further lock-out of an account (backoff)', () => {
    jest.useFakeTimers({ now: 0 });
    const throttle = createLoginThrottle({ perAccount: { failures: 2, windowMs: 1_000 } });
    const lockOut = () => {
      throttle.failed(at('carol'));
      throttle.failed(at('carol'));
      return throttle.retryAfterSeconds(at('carol'));
    };
    expect(lockOut()).toBe(1);
    jest.setSystemTime(1_000);
    expect(lockOut()).toBe(2);
    jest.setSystemTime(3_000);
    expect(lockOut()).toBe(4);
  });

  it('a success before the limit clears the account; the address keeps counting', () => {
    const throttle = createLoginThrottle({
      perAccount: { failures: 3, windowMs: 60_000 },
      perAddress: { failures: 5, windowMs: 60_000 },
    });
    throttle.failed(at('bob'));
    throttle.failed(at('bob'));
    throttle.succeeded(at('bob'));
    throttle.failed(at('bob'));
    throttle.failed(at('bob'));
    expect(throttle.retryAfterSeconds(at('bob'))).toBe(0);
    throttle.failed(at('alice')); // the fifth failure from 10.0.0.1
    expect(throttle.retryAfterSeconds(at('bob'))).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(at('bob', '10.0.0.2'))).toBe(0);
  });

  it('counts an IPv6 client by its /64, so fresh addresses of one host share one budget', () => {
    const throttle = createLoginThrottle({
      perAccount: { failures: 100, windowMs: 60_000 },
      perAddress: { failures: 3, windowMs: 60_000 },
    });
    for (const suffix of ['1', 'abcd:1', 'ffff:ffff:ffff'])
      throttle.failed(at(`user${suffix}`, `2001:db8:0:7::${suffix}`));
    expect(throttle.retryAfterSeconds(at('someone', '2001:db8:0:7:1234::9'))).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(at('someone', '2001:db8:0:8::1'))).toBe(0);
    expect(addressKey('2001:0db8:0000:0007:0000:0000:0000:0001')).toBe('2001:db8:0:7::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1');
  });

  it('remembers a bounded number of keys', () => {
    const throttle = createLoginThrottle({ perAccount: { failures: 1, windowMs: 60_000 }, maxEntries: 2 });
    throttle.failed(at('a', '1'));
    throttle.failed(at('b', '2'));
    throttle.failed(at('c', '3'));
    expect(throttle.retryAfterSeconds(at('a', '9'))).toBe(0); // evicted, least recently touched
    expect(throttle.retryAfterSeconds(at('c', '9'))).toBeGreaterThan(0);
  });
});

describe('client address', () => {
  const req = (forwarded?: string) =>
    ({
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      socket: { remoteAddress: '127.0.0.1' },
    }) as unknown as IncomingMessage;

  it('is the socket peer unless the proxy is trusted', () => {
    expect(clientAddress(req('203.0.113.9'), false)).toBe('127.0.0.1');
  });

  it('behind a trusted proxy, is the address the proxy appended (the last one)', () => {
    expect(clientAddress(req('6.6.6.6, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(req(), true)).toBe('127.0.0.1');
  });
});
