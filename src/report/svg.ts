import type { TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec } from 'vega-lite';

/** vega and vega-lite load on first use: ~0.5 s a command that draws nothing should not pay. */
let renderer: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;

/**
 * Renders a Vega-Lite spec to a standalone SVG string in Node (headless vega View, no canvas,
 * no network): every plot of the report goes through here, so no SVG path is drawn by hand.
 * Data must be inline (`data.values`); the result is deterministic for a given spec.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]);
  const [{ View, parse }, { compile }] = await renderer;
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
