/**
 * One rate claim's case as a page: the margin-gap figure (the claims' evidence, fit, rate and
 * explicit bound) of one generated problem at one exponent a, at one or more horizons T. For a
 * failing rate claim's counterexample, e.g. fan2025/cor-6.4 on verify seed 73:
 *
 *   npx tsx scripts/rate-case.ts --recipe '{"recipe":"teacher","k":2,"d":3,"n":5,"seed":13}' \
 *     --family adam --a 0.8 --steps 20000,2000000 --report /tmp/case
 *
 * The problem is B-normalised (as the rate claims' inputs are); η₀ is the claims' (RATE_ETA0).
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { problemFromRecipe, type ProblemRecipe } from '../src/arbitraries/separableProblem.js';
import { marginGapFigure } from '../src/figures/marginGap.js';
import { liveGapRun } from '../src/figures/runs.js';
import { writePage } from '../src/report/html.js';
import { DEFAULT_REPORT_DIR } from '../src/report/page.js';

const { values } = parseArgs({
  options: {
    recipe: { type: 'string' },
    family: { type: 'string', default: 'adam' },
    p: { type: 'string', default: 'max' },
    a: { type: 'string' },
    steps: { type: 'string', default: '20000' },
    report: { type: 'string', default: DEFAULT_REPORT_DIR },
    file: { type: 'string', default: 'rate-case.html' },
  },
});
if (!values.recipe || !values.a) throw new Error('usage: --recipe JSON --a A [--family adam|nsd] [--p max|2|1] [--steps T1,T2] [--report DIR]');
const family = values.family === 'nsd' ? 'nsd' : values.family === 'adam' ? 'adam' : null;
if (family === null) throw new Error(`--family must be adam or nsd, got ${values.family}`);
const p = values.p === 'max' ? Infinity : Number(values.p);
const a = Number(values.a);
const recipe = JSON.parse(values.recipe) as ProblemRecipe;
const pb = problemFromRecipe(recipe, true);
mkdirSync(values.report!, { recursive: true });
const figures = values.steps!.split(',').map((s) => {
  const T = Number(s);
  const g = marginGapFigure(liveGapRun(pb, { id: `case-T${T}`, optimizer: family === 'adam' ? 'Adam (ε = 0)' : `NSD p = ${values.p}`, family, p, a }, T));
  process.stdout.write(`T = ${T}: fitted exponent ${g.evidence.beta.toFixed(3)} ± ${g.evidence.se.toFixed(3)} vs the rate's ${g.evidence.claimed.toFixed(3)} (${g.evidence.status}); last decade ${g.late.beta.toFixed(3)} (${g.late.status})\n`);
  return g.figure;
});
const file = await writePage(values.report!, { file: values.file!, title: `Rate case: ${values.recipe} (B-normalised), ${family}, a = ${a}`, provenance: [`npx tsx scripts/rate-case.ts ${process.argv.slice(2).join(' ')}`], sections: [{ heading: 'Margin gap against t', figures }] });
process.stdout.write(`page: ${file}\n`);
