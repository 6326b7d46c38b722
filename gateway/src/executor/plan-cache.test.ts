import { PlanCache } from './plan-executor';

describe('PlanCache', () => {
  it('keeps the total size under its bound, dropping the least recently used first', () => {
    const cache = new PlanCache(100);
    cache.set('a', 'delegate', 40);
    cache.set('b', 'delegate', 40);
    expect(cache.get('a')).toBe('delegate'); // a is now the most recent
    cache.set('c', 'delegate', 40); // 120 > 100: b goes, not a
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('delegate');
    expect(cache.get('c')).toBe('delegate');
    expect(cache.size).toBe(2);
  });

  it('replaces an entry in place and never keeps one larger than the whole cache', () => {
    const cache = new PlanCache(100);
    cache.set('a', 'delegate', 60);
    cache.set('a', 'delegate', 30);
    cache.set('b', 'delegate', 60); // 90: both fit, since a's old size was released
    expect(cache.size).toBe(2);
    cache.set('huge', 'delegate', 101);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
