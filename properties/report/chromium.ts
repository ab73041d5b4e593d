/** Headless Chromium for the report tests (Debian's `chromium`, driven by playwright-core). */
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

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
