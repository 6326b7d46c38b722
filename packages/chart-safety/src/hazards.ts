/**
 * Vega and Vega-Lite specs stored by one user are drawn in other users' browsers, where every request a
 * chart makes carries the viewer's cookies. A spec is therefore untrusted input: it may draw inline data
 * (`data.values`, `datasets`) with marks, encodings and transforms, and nothing else. Whatever loads,
 * links or computes a destination is a hazard: URL data anywhere (top level, layers, lookups), image
 * marks, `href`s, signals and expression references (the way to build a URL from data), `usermeta`
 * (vega-embed reads embed options, a loader among them, from it), `config`, and prototype keys.
 *
 * Charts the mesh's products draw (the kit's bar, box, scatter, volcano and survival charts) use none of
 * these, so a hazard means the spec did not come from a product as it is.
 */

export interface ChartHazard {
  /** Where in the stored value, dotted with list indexes: `input.result.chart.layer.1.data.url`. */
  path: string;
  /** Why it is refused, written for whoever saved it. */
  problem: string;
}

const NO_LOADING = 'a chart draws inline data only (data.values); remove it';

/** Keys refused wherever they appear in a spec, with the reason. */
const FORBIDDEN_KEYS: ReadonlyMap<string, string> = new Map([
  ['url', `loads data or an image from a URL: ${NO_LOADING}`],
  ['href', 'makes marks links to a URL: charts carry no links; remove it'],
  ['loader', 'sets how the chart loads resources: charts load nothing; remove it'],
  ['usermeta', "carries embed options (a loader, actions) that would override the viewer's; remove it"],
  ['config', "restyles the viewer's charts (and can add links and signals); remove it"],
  ['signals', 'declares signals, which can compute URLs from data; remove them'],
  ['signal', 'refers to a signal, which can compute URLs from data; use a constant value'],
  ['expr', 'is an expression reference, which can compute URLs from data; use a constant value'],
  ['__proto__', 'is a prototype key (prototype pollution); remove it'],
  ['constructor', 'is a prototype key (prototype pollution); remove it'],
  ['prototype', 'is a prototype key (prototype pollution); remove it'],
]);

/**
 * CSS that loads a resource from a colour, fill, cursor or background: `url(…)`, and the image functions
 * that take a plain string as a URL (`image-set("…" 1x)`, `image()`, `cross-fade()`, `src()`).
 */
const CSS_LOAD = /url\s*\(|(?:image-set|image|cross-fade|src)\(/i;
/** A CSS escape (`\75 ` or `\u`): a CSS parser reads `\75 rl(` as `url(`, so the check reads it so too. */
const CSS_ESCAPE = /\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|([^0-9a-f\n\r\f]))/gi;

function loadsCssResource(text: string): boolean {
  if (!text.includes('\\')) return CSS_LOAD.test(text);
  const unescaped = text.replace(CSS_ESCAPE, (_, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char!;
    const code = Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
  return CSS_LOAD.test(unescaped);
}
const MAX_DEPTH = 100;
/** Enough to tell the saver what to fix; the rest repeat the same mistake. */
const MAX_HAZARDS = 20;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every hazard in one spec (empty when it is safe to draw); `path` names the spec itself. */
export function chartHazards(spec: unknown, path = 'chart'): ChartHazard[] {
  const found: ChartHazard[] = [];
  const report = (at: string, problem: string) => {
    if (found.length < MAX_HAZARDS) found.push({ path: at, problem });
  };
  const visit = (node: unknown, at: string, depth: number): void => {
    if (found.length >= MAX_HAZARDS) return;
    if (depth > MAX_DEPTH) return report(at, `nests deeper than ${MAX_DEPTH} levels: flatten the spec`);
    if (typeof node === 'string') {
      if (loadsCssResource(node))
        report(at, `is a CSS url() or image, which loads a resource: ${NO_LOADING}`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${at}.${index}`, depth + 1));
      return;
    }
    if (!isRecord(node)) return;
    // Own keys only, `__proto__` included: JSON.parse makes it an ordinary own property.
    for (const key of Object.keys(node)) {
      const value = node[key];
      const here = `${at}.${key}`;
      const forbidden = FORBIDDEN_KEYS.get(key);
      if (forbidden) report(here, forbidden);
      else if (key === 'params' && Array.isArray(value))
        report(here, 'declares parameters (signals), which can compute URLs from data; remove them');
      else if ((key === 'mark' || key === 'type') && value === 'image')
        report(here, `is an image mark, which loads pictures from URLs: ${NO_LOADING}`);
      else visit(value, here, depth + 1);
    }
  };
  if (!isRecord(spec)) return [{ path, problem: 'must be a JSON object (a Vega or Vega-Lite spec)' }];
  visit(spec, path, 0);
  return found;
}

/** The web draws the `chart` of every analysis result inside a stored value; so does this search. */
const CHART_KEY = 'chart';
const MAX_SEARCH_DEPTH = 32;

/** Hazards of every `chart` object inside a stored value (a run's result, an artifact's payload). */
export function chartHazardsIn(value: unknown, path: string): ChartHazard[] {
  const found: ChartHazard[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (depth > MAX_SEARCH_DEPTH || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${at}.${index}`, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === CHART_KEY && isRecord(child)) found.push(...chartHazards(child, `${at}.${key}`));
      else visit(child, `${at}.${key}`, depth + 1);
    }
  };
  visit(value, path, 0);
  return found.slice(0, MAX_HAZARDS);
}

/** One line per hazard: `path: problem`. */
export function describeChartHazards(hazards: readonly ChartHazard[]): string {
  return hazards.map((hazard) => `${hazard.path}: ${hazard.problem}.`).join(' ');
}
