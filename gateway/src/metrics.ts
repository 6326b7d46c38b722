/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Written here instead of taking prom-client because the gateway needs
 * only these three kinds and no default process metrics; swap in prom-client if that changes.
 */

type Labels = Record<string, string>;

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

interface Metric {
  render(): string;
}

abstract class LabelledMetric<T> implements Metric {
  protected readonly series = new Map<string, { labels: Labels; value: T }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}
  protected entry(labels: Labels, initial: () => T) {
    const key = keyOf(labels);
    let found = this.series.get(key);
    if (!found) {
      found = { labels, value: initial() };
      this.series.set(key, found);
    }
    return found;
  }
  protected header() {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
  }
  abstract render(): string;
}

export class Counter extends LabelledMetric<number> {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }
  inc(labels: Labels = {}, by = 1) {
    this.entry(labels, () => 0).value += by;
  }
  get(labels: Labels = {}) {
    return this.series.get(keyOf(labels))?.value ?? 0;
  }
  render() {
    return (
      this.header() +
      [...this.series.values()].map((s) => `${this.name}${labelText(s.labels)} ${s.value}\n`).join('')
    );
  }
}

export class Gauge extends LabelledMetric<number> {
  constructor(
    name: string,
    help: string,
    /** Called before each render, to read values that live elsewhere (breaker state, supergraph id). */
    private readonly collect?: (gauge: Gauge) => void,
  ) {
    super(name, help, 'gauge');
  }
  set(labels: Labels, value: number) {
    this.entry(labels, () => 0).value = value;
  }
  reset() {
    this.series.clear();
  }
  render() {
    this.collect?.(this);
    return (
      this.header() +
      [...this.series.values()].map((s) => `${this.name}${labelText(s.labels)} ${s.value}\n`).join('')
    );
  }
}

export class Histogram extends LabelledMetric<{ buckets: number[]; sum: number; count: number }> {
  constructor(
    name: string,
    help: string,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, 'histogram');
  }
  observe(labels: Labels, value: number) {
    const series = this.entry(labels, () => ({ buckets: this.bounds.map(() => 0), sum: 0, count: 0 })).value;
    this.bounds.forEach((bound, i) => {
      if (value <= bound) series.buckets[i]! += 1;
    });
    series.sum += value;
    series.count += 1;
  }
  render() {
    let out = this.header();
    for (const { labels, value } of this.series.values()) {
      this.bounds.forEach((bound, i) => {
        out += `${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${value.buckets[i]}\n`;
      });
      out += `${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${value.count}\n`;
      out += `${this.name}_sum${labelText(labels)} ${value.sum}\n`;
      out += `${this.name}_count${labelText(labels)} ${value.count}\n`;
    }
    return out;
  }
}

/**
 * Keeps a label's cardinality bounded: the first `max` distinct values are kept, later ones become
 * `other`. Operation names come from clients, so without this one client could grow /metrics without end.
 */
export function boundedLabel(max: number) {
  const seen = new Set<string>();
  return (value: string): string => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}

export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
  /** The text exposition format; serve with `content-type: text/plain; version=0.0.4`. */
  render(): string {
    return this.metrics.map((metric) => metric.render()).join('');
  }
}
