import { boundedLabel, Counter, Histogram, MetricsRegistry } from './metrics';

describe('metrics', () => {
  it('renders counters and cumulative histograms in the Prometheus text format, escaping labels', () => {
    const registry = new MetricsRegistry();
    const counter = registry.register(new Counter('x_total', 'Things.'));
    const histogram = registry.register(new Histogram('x_seconds', 'Time.', [0.1, 1]));
    counter.inc({ op: 'a"b' });
    counter.inc({ op: 'a"b' }, 2);
    histogram.observe({ op: 'a' }, 0.05);
    histogram.observe({ op: 'a' }, 0.5);
    expect(registry.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{op="a\\"b"} 3',
        '# HELP x_seconds Time.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{op="a",le="0.1"} 1',
        'x_seconds_bucket{op="a",le="1"} 2',
        'x_seconds_bucket{op="a",le="+Inf"} 2',
        'x_seconds_sum{op="a"} 0.55',
        'x_seconds_count{op="a"} 2',
        '',
      ].join('\n'),
    );
  });

  it('bounds a label to its first N values', () => {
    const label = boundedLabel(2);
    expect(['a', 'b', 'c', 'a'].map(label)).toEqual(['a', 'b', 'other', 'a']);
  });
});
