/** Headless Chromium for the report tests (Debian's `chromium`, driven by playwright-core). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Chromium to drive: IBH_CHROMIUM, else the first of Debian's and Ubuntu's names on PATH. */
export function findChromium(): string | undefined {
  const given = process.env.IBH_CHROMIUM?.trim();
  if (given) return given;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  }
  return undefined;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SCREENSHOTS = resolve('reports/out/screenshots');

export const NO_CHROMIUM = "SKIPPED: no Chromium found (install Debian's `chromium` package, or set IBH_CHROMIUM to a Chromium binary); the report was not tested in a browser";

/**
 * Opens `file` (a report page on disk) in headless Chromium and runs `check` on it with the list
 * of console errors, page errors and network requests seen so far (a report must make none).
 */
export async function withReportPage(chromium: string, file: string, check: (page: import('playwright-core').Page, errors: readonly string[]) => Promise<void>): Promise<void> {
  const { chromium: pw } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'ibh-chromium-profile-'));
  const context = await pw.launchPersistentContext(profile, { executablePath: chromium, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1300, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => void (!r.url().startsWith('file:') && errors.push(`network request: ${r.url()}`)));
    await page.goto(pathToFileURL(file).href);
    await check(page, errors);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
