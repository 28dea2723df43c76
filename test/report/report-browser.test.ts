/**
 * report.html in a real browser: Debian's chromium, headless, driven by
 * playwright-core. The page must load without console errors or network
 * requests, and a screenshot must show the heatmap (its region is not
 * blank), the cluster map and the tables. Skipped, with a message, where
 * /usr/bin/chromium (or $CHROMIUM) is not installed: `.ci/run` installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { writeReport } from '../../src/report/report.js';
import { seedComparison } from '../helpers/seed-folders.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  process.stderr.write(`report-browser.test: skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM=/path/to/chromium)\n`);
}

/** Where the screenshots are left for a person to look at. */
const SHOTS = join(tmpdir(), 'fazhi-report-screenshots');

/** Share of pixels that are not (near) white. */
function inkShare(png: Buffer): { share: number; colors: number } {
  const img = PNG.sync.read(png);
  let ink = 0;
  const colors = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (r < 235 || g < 235 || b < 235) ink++;
    colors.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return { share: ink / (img.width * img.height), colors: colors.size };
}

/** The bundled reports analyzed and compared (once for the run), copied into a new folder and reported there. */
async function comparedReport(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(seedComparison(), dir, { recursive: true });
  await writeReport(dir);
  return dir;
}

/** Debian's chromium with a new, empty profile (--user-data-dir) and no background connections: this machine has no network. */
function launchChromium(userDataDir: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ...(viewport ? { viewport } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

describe.skipIf(!HAVE_CHROMIUM)('report.html in headless chromium', { timeout: 120_000 }, () => {
  let dir: string;
  let userDataDir: string;
  let browser: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await comparedReport('fazhi-report-browser-');
    userDataDir = mkdtempSync(join(tmpdir(), 'fazhi-chromium-profile-'));
    browser = await launchChromium(userDataDir, { width: 1280, height: 900 });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads without console errors and without any network request', async () => {
    expect(await page.title()).toBe('法治政府建设年度报告分析');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows the heatmap, now small multiples of at most six themes side by side: their region of the screenshot is not blank', async () => {
    const figure = page.locator('#themes .charts').first();
    await figure.scrollIntoViewIfNeeded();
    expect(await figure.isVisible()).toBe(true);
    const box = (await figure.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    expect(box.height).toBeGreaterThan(150);
    const png = await figure.screenshot();
    const { share, colors } = inkShare(png);
    // Five rows of colored cells, labels and a legend: far from white, and many shades of blue.
    expect(share).toBeGreaterThan(0.15);
    expect(colors).toBeGreaterThan(20);
    expect(await page.locator('#themes .charts figure').count()).toBe(3);
    // 5 townships × 13 themes, each cell a link.
    expect(await page.locator('#themes figure svg .mark-rect a').count()).toBe(65);
    // Chinese labels are laid out with a real font: a row label is about as wide as its characters.
    const label = page.locator('#themes figure svg text', { hasText: '高梁镇' }).first();
    const w = (await label.boundingBox())!.width;
    expect(w).toBeGreaterThan(30);
    mkdirShots();
    writeFileSync(join(SHOTS, 'heatmap.png'), png);
  });

  it('opens the sentences behind a heatmap cell when it is clicked', async () => {
    const target = page.locator('#cell-0-publicity');
    expect(await target.isVisible()).toBe(false);
    // Row 0, third theme (publicity): a click on the number written in the cell.
    await page.locator('#themes figure svg .mark-text a').nth(2).click();
    await page.waitForFunction(() => location.hash === '#cell-0-publicity');
    expect(await target.isVisible()).toBe(true);
    expect(await target.locator('ol.sentences li').count()).toBeGreaterThan(0);
    expect(await page.locator('.cell-sentences .hint').isVisible()).toBe(false);
  });

  it('shows the cluster map (numbered points, a table per cluster and per unit) and the tables for the five reports', async () => {
    const map = page.locator('#clusters figure svg').first();
    await map.scrollIntoViewIfNeeded();
    expect(await map.isVisible()).toBe(true);
    expect(await map.locator('.mark-symbol.role-mark path').count()).toBe(5);
    const { share } = inkShare(await map.screenshot());
    expect(share).toBeGreaterThan(0.01);
    expect(await page.locator('#documents-table tbody tr').count()).toBe(5);
    expect(await page.locator('#cluster-units tbody tr').count()).toBe(5);
    // Numbers on the points, looked up in the units table.
    expect(await map.locator('.mark-text.role-mark text').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    expect(await page.locator('#clusters .reading').count()).toBe(1);
    // Distinctive terms: only significant ones, each with its counts, or a sentence saying there are none.
    const tags = await page.locator('#terms .tag').allTextContents();
    if (tags.length) for (const t of tags) expect(t).toMatch(/^\S{2,} \(\d+\/\d+\)$/);
    else expect(await page.locator('#terms .notes').count()).toBe(1);
    for (const t of ['高梁镇', '大场镇', '玉龙镇', '云冈镇', '红土乡']) expect(await page.locator('#documents-table', { hasText: t }).count()).toBe(1);
    mkdirShots();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    process.stderr.write(`report-browser.test: screenshots in ${SHOTS}\n`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('report.html fits the window', { timeout: 120_000 }, () => {
  let dir: string;
  let userDataDir: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    dir = await comparedReport('fazhi-report-widths-');
    userDataDir = mkdtempSync(join(tmpdir(), 'fazhi-chromium-profile-'));
    browser = await launchChromium(userDataDir);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [1280, 390]) {
    it(`at ${width} px: no console error, the page and every chart within the window`, async () => {
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
      const sizes = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        svgs: [...document.querySelectorAll('svg')].map((svg) => {
          const r = svg.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width, section: svg.closest('section')?.id ?? '' };
        }),
      }));
      expect(problems).toEqual([]);
      expect(sizes.innerWidth).toBe(width);
      expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
      // Heatmap, functions, two sub-theme charts, cluster map, boilerplate.
      expect(sizes.svgs.length).toBeGreaterThanOrEqual(6);
      for (const s of sizes.svgs) {
        expect(s.left, s.section).toBeGreaterThanOrEqual(0);
        expect(s.right, s.section).toBeLessThanOrEqual(width);
      }
      mkdirShots();
      await page.screenshot({ path: join(SHOTS, `report-${width}.png`), fullPage: true });
      await page.locator('#channels').screenshot({ path: join(SHOTS, `channels-${width}.png`) });
      await page.locator('#clusters').screenshot({ path: join(SHOTS, `clusters-${width}.png`) });
      await page.close();
    });
  }
});

function mkdirShots(): void {
  mkdirSync(SHOTS, { recursive: true });
}
