import { chartHazards, describeChartHazards } from '@mesh/chart-safety';

/**
 * Draws a stored chart in this browser. Charts are other users' input (a run's or a saved artifact's
 * result), so this refuses what would load or link (the same check the workspace applies on write, for
 * charts stored before it), and draws with a vega loader that refuses every fetch, expressions evaluated
 * by vega's interpreter (no `new Function`, so the page's CSP needs no 'unsafe-eval'), no actions menu
 * (its links open the editor and exports) and no injected <style> elements (the CSP allows none; the
 * styles are in globals.css).
 */

export class UnsafeChartError extends Error {}

const refused = (what: string) => (uri: unknown) =>
  Promise.reject(new UnsafeChartError(`${what}: "${String(uri).slice(0, 80)}" is refused`));

/** A vega loader under which every fetch (data, images, link targets) fails. */
export const REFUSING_LOADER = {
  options: {},
  load: refused('charts draw inline data only'),
  http: refused('charts draw inline data only'),
  file: refused('charts draw inline data only'),
  sanitize: refused('charts carry no links or images'),
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: unknown) =>
  (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).replace(
    /[&<>"']/g,
    (c) => ESCAPES[c]!,
  );

/**
 * The tooltip's HTML: a title and key/value rows, every part escaped. vega-tooltip's own formatter turns
 * an `image` key into an <img> the browser would fetch; here it is one more row of text.
 */
export function tooltipHtml(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return escapeHtml(value);
  const { title, ...rest } = value as Record<string, unknown>;
  const rows = Object.entries(rest)
    .filter(([, item]) => item !== undefined)
    .map(
      ([key, item]) =>
        `<tr><td class="key">${escapeHtml(key)}</td><td class="value">${escapeHtml(item)}</td></tr>`,
    )
    .join('');
  return `${title === undefined ? '' : `<h2>${escapeHtml(title)}</h2>`}${rows ? `<table>${rows}</table>` : ''}`;
}

export interface ChartOptions {
  mode?: 'vega' | 'vega-lite';
  theme?: 'dark';
  config?: Record<string, unknown>;
  logLevel?: number;
}

/** Embeds `spec` in `element`; throws UnsafeChartError (before anything is drawn) for a hazardous spec. */
export async function embedChart(
  element: HTMLElement,
  spec: Record<string, unknown>,
  options: ChartOptions = {},
) {
  const hazards = chartHazards(spec);
  if (hazards.length > 0)
    throw new UnsafeChartError(`it would load or link: ${describeChartHazards(hazards)}`);
  const { default: embed } = await import('vega-embed');
  return embed(element, spec as Parameters<typeof embed>[1], {
    ...options,
    renderer: 'svg',
    actions: false,
    defaultStyle: false,
    ast: true,
    loader: REFUSING_LOADER as unknown as NonNullable<Parameters<typeof embed>[2]>['loader'],
    tooltip: { disableDefaultStyle: true, formatTooltip: (value: unknown) => tooltipHtml(value) },
  });
}
