import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { graphql, isAlive, startWithNpmStart, type NpmStartedMesh } from '@mesh/testing';

/*
 * The README's contract, end to end: `npm start` builds, generates demo data, starts products, gateway and
 * web; a real Chromium uses the web app; Ctrl-C stops every process.
 */
const WEB_DIR = join(__dirname, '..');
const SCREENSHOT_DIR = join(WEB_DIR, 'test-results');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Discovered from the supergraph: a product added to the mesh appears without a change to the web app.
const PRODUCTS = ['clinical', 'gapminder', 'genomics', 'trials'] as const;

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

async function gatewayDataVersions(): Promise<Record<string, string>> {
  const answer = await graphql<Record<`${(typeof PRODUCTS)[number]}Product`, { dataVersion: string }>>(
    mesh!.gatewayUrl,
    `{ ${PRODUCTS.map((name) => `${name}Product { dataVersion }`).join(' ')} }`,
  );
  expect(answer.errors).toBeUndefined();
  return Object.fromEntries(PRODUCTS.map((name) => [name, answer.data![`${name}Product`].dataVersion]));
}

test('home page lists every data product with its version and data snapshot', async () => {
  const dataVersions = await gatewayDataVersions();
  await openHome();

  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data products');
  expect(await page.locator('[data-product]').count()).toBe(PRODUCTS.length);
  for (const name of PRODUCTS) {
    const card = page.locator(`[data-product="${name}"]`);
    expect(await card.locator('[data-field="name"]').textContent()).toBe(name);
    expect(await card.locator('[data-field="version"]').textContent()).toBe('1.0.0');
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
