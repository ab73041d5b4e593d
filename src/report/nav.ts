import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from './escape.js';

/**
 * The report directory's navigation: every page `writePage` writes carries a marked <nav> block
 * (NAV_START … NAV_END) listing the pages of its directory, and every write rewrites that block
 * in each page of the directory, so a page written later (by a script, by the gate) is linked
 * from index.html and from every other page. A known page not (yet) in the directory is listed
 * with the command that produces it.
 */

export interface KnownPage {
  readonly file: string;
  readonly title: string;
  /** The command that writes the page into the default report directory. */
  readonly command: string;
}

/** The pages of the report, in the order the navigation lists them. */
export const KNOWN_PAGES: readonly KnownPage[] = [
  { file: 'index.html', title: 'Claims', command: 'npm run ibh -- verify' },
  { file: 'rates.html', title: 'Rates', command: 'npm run rates' },
  { file: 'probes.html', title: 'Assumption probes', command: 'npm run probes' },
  { file: 'ravi2024.html', title: 'GD experiment (Ravi et al. 2024)', command: 'npm run ravi-experiment' },
  { file: 'gate.html', title: 'Optimizer gate', command: 'npm run ibh -- gate --optimizer FILE --as FAMILY' },
  { file: 'real-data.html', title: 'Real data', command: 'npm run real-data' },
];

export const NAV_START = '<!--ibh-nav-->';
export const NAV_END = '<!--/ibh-nav-->';

/** A page's <title>, or its file name when it has none. */
function titleOf(html: string, file: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  return m ? m[1]! : escapeHtml(file);
}

/** The report pages present in `dir`: file → title (as HTML text). */
export function pagesIn(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.html') && !n.startsWith('.')).sort()) {
    out.set(f, titleOf(readFileSync(join(dir, f), 'utf8'), f));
  }
  return out;
}

/** The navigation block of page `self` among `present` pages (the markers included). */
export function navHtml(present: ReadonlyMap<string, string>, self: string): string {
  // `label` and `title` are HTML text (a page's <title> is read back as written, escaped).
  const item = (file: string, label: string, title: string): string =>
    file === self ? `<li><b aria-current="page" title="${title}">${label}</b></li>` : `<li><a href="${escapeHtml(file)}" title="${title}">${label}</a></li>`;
  const items: string[] = [];
  for (const k of KNOWN_PAGES) {
    const title = present.get(k.file);
    items.push(
      title !== undefined
        ? item(k.file, escapeHtml(k.title), title)
        : `<li class="absent" data-file="${escapeHtml(k.file)}">${escapeHtml(k.title)}: not generated yet, run <code>${escapeHtml(k.command)}</code></li>`,
    );
  }
  for (const [file, title] of present) if (!KNOWN_PAGES.some((k) => k.file === file)) items.push(item(file, title, title));
  return `${NAV_START}<nav id="ibh-nav"><ul>${items.join('')}</ul></nav>${NAV_END}`;
}

/** Writes a file by rename, so a reader (or a concurrent rewrite) never sees half of it. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Rewrites the navigation block of every marked page in `dir` to list the pages present now. */
export function refreshNav(dir: string): void {
  const present = pagesIn(dir);
  for (const file of present.keys()) {
    const path = join(dir, file);
    const html = readFileSync(path, 'utf8');
    const a = html.indexOf(NAV_START);
    const b = html.indexOf(NAV_END, a);
    if (a < 0 || b < 0) continue;
    const next = html.slice(0, a) + navHtml(present, file) + html.slice(b + NAV_END.length);
    if (next !== html) writeAtomic(path, next);
  }
}
