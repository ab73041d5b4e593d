import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure, ReportPage, Section, Table } from './page.js';
import { renderSvg } from './svg.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML text or attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const cell = (v: string | number): string =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v)) : v;

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(cell(v))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

async function figureHtml(f: Figure): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(f.id)) throw new Error(`figure id '${f.id}': letters, digits, '-' and '_' only`);
  const caption = `<figcaption><b>${escapeHtml(f.title)}</b>${f.caption ? ` ${escapeHtml(f.caption)}` : ''}</figcaption>`;
  return `<figure id="${f.id}" class="plot">${await renderSvg(f.spec)}${caption}</figure>`;
}

async function sectionHtml(s: Section): Promise<string> {
  const parts = [`<h2>${escapeHtml(s.heading)}</h2>`];
  for (const p of s.text ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
  if (s.table) parts.push(tableHtml(s.table));
  for (const f of s.figures ?? []) parts.push(await figureHtml(f));
  return `<section>${parts.join('\n')}</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
figure{display:inline-block;margin:1em;vertical-align:top}figcaption{max-width:420px;font-size:13px}`;

/** The page as one self-contained HTML document (inline SVG and CSS; no script, no network). */
export async function pageHtml(page: ReportPage): Promise<string> {
  const sections: string[] = [];
  for (const s of page.sections) sections.push(await sectionHtml(s));
  const prov = page.provenance?.length ? `<p class="provenance">${page.provenance.map(escapeHtml).join('<br>')}</p>` : '';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>\n<body><h1>${escapeHtml(page.title)}</h1>${prov}\n${sections.join('\n')}\n</body></html>\n`;
}

/** Writes DIR/page.file and returns its path. */
export async function writePage(dir: string, page: ReportPage): Promise<string> {
  const file = join(dir, page.file);
  writeFileSync(file, await pageHtml(page));
  return file;
}
