import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from './escape.js';
import { FILTER_SCRIPT } from './filter.js';
import { NAV_END, NAV_START, refreshNav, writeAtomic } from './nav.js';
import type { Cell, Figure, ReportPage, Section, Table } from './page.js';
import { renderSvg } from './svg.js';

export { escapeHtml } from './escape.js';

const ID = /^[A-Za-z0-9_-]+$/;
const SECTION_ID = /^[A-Za-z0-9_./-]+$/;

/** A cell's text: numbers with 6 significant digits (±Infinity and NaN as words). */
export function cellText(v: Cell): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
  return typeof v === 'string' ? v : v.text;
}

function cellHtml(v: Cell): string {
  const text = escapeHtml(cellText(v));
  if (typeof v !== 'object') return `<td>${text}</td>`;
  const title = v.title !== undefined ? ` title="${escapeHtml(v.title)}"` : '';
  return v.href !== undefined ? `<td${title}><a href="${escapeHtml(v.href)}">${text}</a></td>` : `<td${title}>${text}</td>`;
}

function filterControls(t: Table, id: string): string {
  const selects = (t.filters ?? []).map((name) => {
    const col = t.columns.indexOf(name);
    if (col < 0) throw new Error(`table ${id}: filter column '${name}' is not one of its columns (${t.columns.join(', ')})`);
    const values = [...new Set(t.rows.map((r) => cellText(r[col] ?? '')))].sort();
    const options = [`<option value="">any</option>`, ...values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`)].join('');
    return `<label>${escapeHtml(name)} <select data-table="${id}" data-col="${col}">${options}</select></label>`;
  });
  return `<div class="filters">${selects.join(' ')} <span id="${id}-count">${t.rows.length} of ${t.rows.length} rows</span></div>`;
}

function tableHtml(t: Table): string {
  if (t.id !== undefined && !ID.test(t.id)) throw new Error(`table id '${t.id}': letters, digits, '-' and '_' only`);
  if (t.filters?.length && t.id === undefined) throw new Error('a table with filters needs an id');
  const filterCols = (t.filters ?? []).map((name) => t.columns.indexOf(name));
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => {
      const attrs = filterCols.map((col) => ` data-f${col}="${escapeHtml(cellText(r[col] ?? ''))}"`).join('');
      return `<tr${attrs}>${r.map(cellHtml).join('')}</tr>`;
    })
    .join('\n');
  const controls = t.filters?.length && t.id !== undefined ? filterControls(t, t.id) : '';
  return `${controls}<table${t.id !== undefined ? ` id="${t.id}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

async function figureHtml(f: Figure): Promise<string> {
  if (!ID.test(f.id)) throw new Error(`figure id '${f.id}': letters, digits, '-' and '_' only`);
  const caption = `<figcaption><b>${escapeHtml(f.title)}</b>${f.caption ? ` ${escapeHtml(f.caption)}` : ''}</figcaption>`;
  return `<figure id="${f.id}" class="plot">${await renderSvg(f.spec)}${caption}</figure>`;
}

async function sectionHtml(s: Section): Promise<string> {
  if (s.id !== undefined && !SECTION_ID.test(s.id)) throw new Error(`section id '${s.id}': letters, digits, '-', '_', '.' and '/' only`);
  const heading = s.collapsed ? `<summary><h2>${escapeHtml(s.heading)}</h2></summary>` : `<h2>${escapeHtml(s.heading)}</h2>`;
  const parts = [heading];
  for (const p of s.text ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
  for (const c of s.code ?? []) parts.push(`<pre><code>${escapeHtml(c)}</code></pre>`);
  if (s.table) parts.push(tableHtml(s.table));
  for (const f of s.figures ?? []) parts.push(await figureHtml(f));
  const id = s.id !== undefined ? ` id="${escapeHtml(s.id)}"` : '';
  return s.collapsed ? `<section${id}><details>${parts.join('\n')}</details></section>` : `<section${id}>${parts.join('\n')}</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;max-width:1300px}
nav ul{list-style:none;padding:0;margin:0 0 1em;display:flex;flex-wrap:wrap;gap:.4em 1.4em;font-size:14px}nav .absent{color:#777}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
tr[hidden]{display:none}.filters{margin:.5em 0;font-size:14px}.filters label{margin-right:1em}
pre{background:#f5f5f5;padding:.4em .6em;overflow-x:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
details summary h2{display:inline;font-size:1.1em}details{margin:.4em 0}
figure{display:inline-block;margin:1em;vertical-align:top}figcaption{max-width:460px;font-size:13px}`;

/**
 * The page as one self-contained HTML document (inline SVG, CSS and, for filterable tables, a
 * small inline script; no network). The navigation block is empty until `writePage` fills it.
 */
export async function pageHtml(page: ReportPage): Promise<string> {
  const sections: string[] = [];
  for (const s of page.sections) sections.push(await sectionHtml(s));
  const prov = page.provenance?.length ? `<p class="provenance">${page.provenance.map(escapeHtml).join('<br>')}</p>` : '';
  const script = page.sections.some((s) => s.table?.filters?.length || s.collapsed) ? `<script>${FILTER_SCRIPT}</script>` : '';
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title><style>${STYLE}</style>${script}</head>\n` +
    `<body>${NAV_START}${NAV_END}\n<h1>${escapeHtml(page.title)}</h1>${prov}\n${sections.join('\n')}\n</body></html>\n`
  );
}

/**
 * Writes DIR/page.file (DIR created if missing) and returns its path; then rewrites the
 * navigation of every page in DIR, so each lists the pages present (see nav.ts).
 */
export async function writePage(dir: string, page: ReportPage): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+\.html$/.test(page.file)) throw new Error(`page file '${page.file}': a plain file name ending in .html`);
  const html = await pageHtml(page);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, page.file);
  writeAtomic(file, html);
  refreshNav(dir);
  return file;
}
