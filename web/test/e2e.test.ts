import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { graphql, isAlive, startWithNpmStart, type NpmStartedMesh } from '@mesh/testing';
import { validateRoCrate } from './support/validate-ro-crate';

/*
 * The README's contract, end to end: `npm start` builds, generates demo data, starts products, gateway and
 * web; a real Chromium uses the web app; Ctrl-C stops every process.
 */
const WEB_DIR = join(__dirname, '..');
const SCREENSHOT_DIR = join(WEB_DIR, 'test-results');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Discovered from the supergraph: a product added to the mesh appears without a change to the web app.
const PRODUCTS = ['clinical', 'gapminder', 'genomics', 'trials', 'workspace'] as const;

let mesh: NpmStartedMesh | undefined;
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` ` +
        '(Debian/Ubuntu, as root) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  mesh = await startWithNpmStart();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
}, 8 * 60_000);

afterAll(async () => {
  await browser?.close();
  if (mesh && Object.values(mesh.pids).some(isAlive)) await mesh.interrupt();
}, 60_000);

/** Loads the home page and waits until the client panel is hydrated and has its diagnosis codes. */
async function openHome(): Promise<void> {
  await page.goto(mesh!.webOrigin);
  await page.locator('#diagnosis option[value="E11.9"]').waitFor({ state: 'attached' });
}

async function runCrossProductQuery(genes: string): Promise<void> {
  await page.getByLabel('Diagnosis (ICD-10)').selectOption('E11.9');
  await page.getByLabel('Genes').fill(genes);
  await page.getByLabel('Patients per page').fill('20');
  await page.getByRole('button', { name: 'Run query' }).click();
}

function shortDataVersion(dataVersion: string): string {
  return dataVersion.replace(/^sha256:/, '').slice(0, 12);
}

async function gatewayProducts(): Promise<Record<string, { version: string; dataVersion: string }>> {
  const answer = await graphql<
    Record<`${(typeof PRODUCTS)[number]}Product`, { version: string; dataVersion: string }>
  >(mesh!.gatewayUrl, `{ ${PRODUCTS.map((name) => `${name}Product { version dataVersion }`).join(' ')} }`);
  expect(answer.errors).toBeUndefined();
  return Object.fromEntries(PRODUCTS.map((name) => [name, answer.data![`${name}Product`]]));
}

async function gatewayDataVersions(): Promise<Record<string, string>> {
  const products = await gatewayProducts();
  return Object.fromEntries(Object.entries(products).map(([name, product]) => [name, product.dataVersion]));
}

test('home page lists every data product with its version and data snapshot', async () => {
  const products = await gatewayProducts();
  const dataVersions = await gatewayDataVersions();
  // Signed out: the product cards (identity metadata is open to everyone) render without sign-in.
  await page.goto(mesh!.webOrigin);
  await page.locator('[data-product]').first().waitFor();

  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data products');
  expect(await page.locator('[data-product]').count()).toBe(PRODUCTS.length);
  for (const name of PRODUCTS) {
    const card = page.locator(`[data-product="${name}"]`);
    expect(await card.locator('[data-field="name"]').textContent()).toBe(name);
    expect(await card.locator('[data-field="version"]').textContent()).toBe(products[name]!.version);
    expect(products[name]!.version).toMatch(/^\d+\.\d+\.\d+$/);
    const dataVersion = card.locator('[data-field="dataVersion"]');
    expect(await dataVersion.textContent()).toBe(shortDataVersion(dataVersions[name]!));
    expect(await dataVersion.getAttribute('title')).toBe(dataVersions[name]);
  }

  await page.screenshot({ path: join(SCREENSHOT_DIR, 'home.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-mobile.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(consoleErrors).toEqual([]);
});

test('signed out, the cross-product panel of private products asks to sign in', async () => {
  await page.goto(mesh!.webOrigin);
  expect(await page.getByTestId('sign-in-link').textContent()).toBe('Sign in');
  // The diagnosis vocabulary comes from the private clinical product: refused, with a sign-in link.
  const alert = page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' });
  await alert.waitFor();
  expect(await alert.getByRole('link', { name: 'sign in' }).getAttribute('href')).toBe('/sign-in');
  expect(consoleErrors).toEqual([]);
});

test('signs in as a demo user; the header shows who and with which roles', async () => {
  await page.goto(`${mesh!.webOrigin}/sign-in`);
  expect(await page.getByRole('cell', { name: 'alice', exact: true }).count()).toBe(1);
  await page.getByRole('textbox', { name: 'User name' }).fill('alice');
  await page.locator('#password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong password' }).waitFor();
  await page.locator('#password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('session').waitFor();
  expect(await page.getByTestId('session').textContent()).toContain('Alice Analyst');
  expect(await page.getByTestId('session').textContent()).toContain('analyst');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'signed-in.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('cross-product panel joins clinical patients with genomics expression', async () => {
  const dataVersions = await gatewayDataVersions();
  await openHome();
  await runCrossProductQuery('TP53, EGFR');

  const table = page.getByRole('table');
  await table.waitFor();
  const headers = await table.locator('thead th').allTextContents();
  const tp53 = headers.indexOf('TP53');
  const egfr = headers.indexOf('EGFR');
  expect(tp53).toBeGreaterThan(0);
  expect(egfr).toBeGreaterThan(0);

  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')));
  const sampled = rows.filter((cells) => /^SMP-\d+$/.test(cells[3] ?? ''));
  expect(sampled.length).toBeGreaterThan(0);
  for (const cells of sampled) {
    expect(cells[tp53]).toMatch(/^-?\d+\.\d+$/);
    expect(cells[egfr]).toMatch(/^-?\d+\.\d+$/);
  }

  const provenance = await page.getByTestId('provenance').textContent();
  for (const name of ['clinical', 'genomics'] as const) {
    expect(provenance).toContain(name);
    expect(provenance).toContain(shortDataVersion(dataVersions[name]!));
  }

  await page.screenshot({ path: join(SCREENSHOT_DIR, 'cross-product.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('an unknown gene shows the gateway error with its did-you-mean hint', async () => {
  await openHome();
  await runCrossProductQuery('TP53, EGRF');

  const alert = page.getByRole('alert').filter({ hasText: 'EGRF' });
  await alert.waitFor();
  const text = await alert.textContent();
  expect(text).toContain('did you mean EGFR');
  expect(text).toContain('BAD_USER_INPUT');
  expect(await page.getByRole('table').count()).toBe(0);

  await page.screenshot({ path: join(SCREENSHOT_DIR, 'unknown-gene.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

/** Signs in through the web form (the session cookie holds the gateway token). */
async function signInAs(username: string): Promise<void> {
  await page.goto(`${mesh!.webOrigin}/sign-in`);
  await page.getByRole('textbox', { name: 'User name' }).fill(username);
  await page.locator('#password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('session').waitFor();
}

/**
 * An exported crate is RO-Crate 1.2 and JSON-LD: expanded in safe mode against the RO-Crate 1.2 context, with
 * the descriptor, the root data entity, no dangling reference, and the run as a complete provenance action.
 */
async function expectValidRoCrate(crate: { '@context': unknown; '@graph': Record<string, unknown>[] }) {
  expect(crate['@context']).toBe('https://w3id.org/ro/crate/1.2/context');
  const { problems, expanded } = await validateRoCrate(crate);
  expect(problems).toEqual([]);
  expect(expanded).toHaveLength(crate['@graph'].length);
  return crate['@graph'];
}

const platform: { runId?: string; udatId?: string } = {};

test('the catalogue finds products, apps and fields, with facets', async () => {
  await page.goto(`${mesh!.webOrigin}/catalog?q=survival`);
  await page
    .getByRole('link', { name: /survival/i })
    .first()
    .waitFor();
  const results = page.locator('main');
  expect(await results.textContent()).toContain('trials');
  expect(await page.getByRole('link', { name: /survival/i }).count()).toBeGreaterThan(0);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'catalog.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('a product page shows owner, license, versions, schema, apps and its FAIR metadata as JSON-LD', async () => {
  const response = await page.goto(`${mesh!.webOrigin}/products/clinical`);
  expect(response?.status()).toBe(200);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const jsonLd = await page.locator('script[type="application/ld+json"]').first().textContent();
  const document = JSON.parse(jsonLd!) as Record<string, unknown>;
  expect(document['@context']).toBeDefined();
  expect(JSON.stringify(document)).toContain('CC-BY-4.0');
  expect(await page.locator('main').textContent()).toContain('clinical:read');
  expect(await page.locator('a[href="/apps/clinical.cohortSummary"]').count()).toBeGreaterThan(0);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'product.png'), fullPage: true });
  expect((await page.goto(`${mesh!.webOrigin}/products/no-such-product`))?.status()).toBe(404);
  expect(consoleErrors.filter((line) => !line.includes('404'))).toEqual([]);
  consoleErrors.length = 0;
});

test('runs an app from its generated form, shows the chart and records the run', async () => {
  await page.goto(`${mesh!.webOrigin}/apps/clinical.cohortSummary`);
  const form = page.getByTestId('run1-form');
  await form.waitFor();
  const cohort = page.getByRole('group', { name: 'Cohort', exact: true });
  await cohort.getByLabel('Name').fill('Type 2 diabetes');
  await cohort.getByRole('checkbox', { name: /E11\.9/ }).check();
  await page.getByRole('button', { name: 'Run analysis' }).click();
  await page.getByTestId('run1-status').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('run1-chart').locator('svg').first().waitFor();
  expect(await page.getByTestId('run1-table').locator('tbody tr').count()).toBeGreaterThan(0);
  const saved = page.getByTestId('run1-saved');
  await saved.waitFor();
  platform.runId = (await saved.getAttribute('href'))!.split('/').pop();
  expect(platform.runId).toMatch(/^run_/);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'app-run.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('finds the run in history, re-runs it and sees "Identical"', async () => {
  await page.goto(`${mesh!.webOrigin}/history`);
  await page.locator(`[data-testid="history-row"][data-id="${platform.runId}"]`).waitFor();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'history.png'), fullPage: true });
  await page.goto(`${mesh!.webOrigin}/history/${platform.runId}`);
  await page.getByRole('button', { name: 'Re-run' }).click();
  await page.getByTestId('rerun-verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('rerun-verdict').textContent()).toBe('Identical');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'history-entry.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('saves the run as a private UDAT, and exports valid RO-Crates', async () => {
  await page.goto(`${mesh!.webOrigin}/history/${platform.runId}`);
  await page.getByLabel('Name', { exact: true }).fill('T2D cohort summary');
  await page.getByLabel('Tags').fill('diabetes, demo');
  await page.getByLabel('Who can see it').selectOption('PRIVATE');
  await page.getByRole('button', { name: 'Save as UDAT' }).click();
  const link = page.getByTestId('saved-udat-link');
  await link.waitFor();
  platform.udatId = (await link.getAttribute('href'))!.split('/').pop();
  expect(platform.udatId).toMatch(/^udat_/);

  const runCrate = await page.request.get(`${mesh!.webOrigin}/history/${platform.runId}/ro-crate`);
  expect(runCrate.status()).toBe(200);
  const graph = await expectValidRoCrate(await runCrate.json());
  expect(JSON.stringify(graph)).toContain('clinical');
  const udatCrate = await page.request.get(`${mesh!.webOrigin}/udats/${platform.udatId}/ro-crate`);
  expect(udatCrate.status()).toBe(200);
  await expectValidRoCrate(await udatCrate.json());
  await page.goto(`${mesh!.webOrigin}/udats/${platform.udatId}`);
  expect(await page.getByTestId('udat-name').textContent()).toContain('T2D cohort summary');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'udat.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('a run recorded before a product changed its data names the changed dataVersion on re-run', async () => {
  // The run is recorded as if made on an earlier clinical snapshot (what the workspace holds after the
  // product's data changed); re-running it on today's data must say which product and data version differ.
  const token = await signInToken('alice');
  const operation = 'query Count { patients(filter: { diagnosis: "E11" }, first: 1) { totalCount } }';
  const recorded = await graphql<{ recordRun: { id: string } }>(
    mesh!.gatewayUrl,
    'mutation ($input: RecordRunInput!) { recordRun(input: $input) { id } }',
    {
      input: {
        kind: 'QUERY',
        title: 'E11 count before the data change',
        operation,
        operationName: 'Count',
        variables: {},
        products: [{ name: 'clinical', version: '2.0.0', dataVersion: `sha256:${'0'.repeat(64)}` }],
        result: { patients: { totalCount: 1 } },
      },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(recorded.errors).toBeUndefined();
  await page.goto(`${mesh!.webOrigin}/history/${recorded.data!.recordRun.id}`);
  await page.getByRole('button', { name: 'Re-run' }).click();
  await page.getByTestId('rerun-verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('rerun-verdict').textContent()).toBe('Changed');
  const changes = await page.getByTestId('rerun-changes').textContent();
  expect(changes).toContain('clinical');
  expect(changes).toContain('dataVersion');
  expect(consoleErrors).toEqual([]);
});

const TABLET = { width: 768, height: 1024 } as const;

/** What overflows the viewport horizontally (none when the page fits): the outermost offending elements. */
async function horizontalOverflow(): Promise<{
  scrollWidth: number;
  innerWidth: number;
  culprits: string[];
}> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
        typeof element.className === 'string' && element.className
          ? `.${element.className.split(/\s+/).join('.')}`
          : ''
      } (right edge ${Math.round(element.getBoundingClientRect().right)})`;
    const wide = Array.from(document.body.querySelectorAll('*')).filter(
      (element) => element.getBoundingClientRect().right > innerWidth + 0.5,
    );
    const outermost = wide.filter((element) => !wide.includes(element.parentElement as Element));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      culprits: outermost.slice(0, 5).map(describe),
    };
  });
}

test(
  'at tablet width (768×1024) the main pages fit the screen, keep the main navigation and log no errors',
  async () => {
    // Signed in as alice, with the run and UDAT the tests above recorded: every main page has content.
    const pages: { name: string; path: string; ready: () => Locator }[] = [
      { name: 'home', path: '/', ready: () => page.locator('[data-product]').first() },
      { name: 'catalog', path: '/catalog', ready: () => page.getByTestId('catalog-count') },
      { name: 'product', path: '/products/clinical', ready: () => page.getByTestId('product-facts') },
      {
        name: 'apps',
        path: '/apps',
        ready: () => page.locator('a[href="/apps/clinical.cohortSummary"]').first(),
      },
      { name: 'app', path: '/apps/clinical.cohortSummary', ready: () => page.getByTestId('run1-form') },
      {
        name: 'history',
        path: '/history',
        ready: () => page.locator(`[data-testid="history-row"][data-id="${platform.runId}"]`),
      },
      {
        name: 'history-entry',
        path: `/history/${platform.runId}`,
        ready: () => page.getByRole('button', { name: 'Re-run' }),
      },
      {
        name: 'udats',
        path: '/udats',
        ready: () => page.locator(`[data-testid="udat-row"][data-id="${platform.udatId}"]`),
      },
      { name: 'udat', path: `/udats/${platform.udatId}`, ready: () => page.getByTestId('udat-name') },
      {
        name: 'tokens',
        path: '/tokens',
        ready: () => page.getByTestId('tokens-table').or(page.getByTestId('tokens-empty')),
      },
      { name: 'explorer', path: '/explorer', ready: () => page.locator('.graphiql-container') },
    ];
    const navigation = page.getByRole('navigation', { name: 'Main' });
    const navLinks = ['Catalogue', 'History', 'Saved', 'Explorer', 'API tokens'];
    const problems: string[] = [];
    await page.setViewportSize(TABLET);
    try {
      for (const { name, path, ready } of pages) {
        const response = await page.goto(`${mesh!.webOrigin}${path}`);
        expect(response?.status()).toBe(200);
        await ready().waitFor({ timeout: 60_000 });
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-tablet.png`), fullPage: true });

        const overflow = await horizontalOverflow();
        if (overflow.scrollWidth > overflow.innerWidth) {
          problems.push(
            `${name}: ${overflow.scrollWidth}px wide in a ${overflow.innerWidth}px viewport; ${overflow.culprits.join(', ')}`,
          );
        }
        if (!(await navigation.isVisible())) problems.push(`${name}: the main navigation is hidden`);
        for (const label of navLinks) {
          const box = await navigation.getByRole('link', { name: label, exact: true }).boundingBox();
          if (!box || box.width === 0 || box.x < 0 || box.x + box.width > TABLET.width) {
            problems.push(`${name}: the ${label} link is not within the screen (${JSON.stringify(box)})`);
          }
        }
        if (!(await page.getByTestId('session').isVisible()))
          problems.push(`${name}: who is signed in is hidden`);
      }
      expect(problems).toEqual([]);

      // Usable, not only visible: the navigation takes a tap (Playwright checks nothing covers the link).
      await navigation.getByRole('link', { name: 'History', exact: true }).click();
      await page.waitForURL(`${mesh!.webOrigin}/history`);
      await page.locator(`[data-testid="history-row"][data-id="${platform.runId}"]`).waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expect(consoleErrors).toEqual([]);
  },
  3 * 60_000,
);

test('another user cannot see the private UDAT', async () => {
  await page.getByTestId('session').getByRole('button', { name: 'Sign out' }).click();
  await page.getByTestId('sign-in-link').waitFor();
  await signInAs('bob');
  const response = await page.goto(`${mesh!.webOrigin}/udats/${platform.udatId}`);
  expect(response?.status()).toBe(404);
  await page.goto(`${mesh!.webOrigin}/udats`);
  expect(await page.locator(`[data-testid="udat-row"][data-id="${platform.udatId}"]`).count()).toBe(0);
  expect((await page.request.get(`${mesh!.webOrigin}/udats/${platform.udatId}/ro-crate`)).status()).toBe(404);
  expect(consoleErrors.filter((line) => !line.includes('404'))).toEqual([]);
  consoleErrors.length = 0;
});

test('the explorer runs GraphiQL with the signed-in user', async () => {
  await page.goto(`${mesh!.webOrigin}/explorer`);
  await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'explorer.png'), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

async function signInToken(username: string): Promise<string> {
  const response = await fetch(`${new URL(mesh!.gatewayUrl).origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  return ((await response.json()) as { token: string }).token;
}

test('Ctrl-C stops every service npm start started, leaving no process behind', async () => {
  const pids = mesh!.pids;
  expect(Object.keys(pids)).toEqual(
    expect.arrayContaining(['clinical', 'gateway', 'genomics', 'registry', 'web']),
  );
  const ended = await mesh!.interrupt();
  // npm re-raises the SIGINT once its script has exited, as a shell does (exit status 130).
  expect(ended.code === 0 || ended.signal === 'SIGINT').toBe(true);
  expect(mesh!.output()).toContain('[start] SIGINT: stopping');
  expect(mesh!.output()).toContain('[start] all stopped');
  expect(Object.entries(pids).filter(([, pid]) => isAlive(pid))).toEqual([]);
});
