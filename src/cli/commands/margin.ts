import { writeFileSync } from 'node:fs';
import { loadDataset } from '../../data/io.js';
import { toRows } from '../../linalg/matrix.js';
import { namingTheData } from '../../problem.js';
import { defineCommand, flag, nonEmpty, outFile, positiveNumber, value } from '../args.js';
import { MARGIN_TIME_LIMIT_SECONDS, MARGIN_TOLERANCE, margin, normExponent, normLabel } from '../../margins/index.js';

/** `--norm`: max (also inf), 1, 2 or an entrywise p > 2, as the margin solvers take it. */
const parseNorm = (raw: string): number => {
  try {
    return normExponent(raw);
  } catch {
    throw new Error('must be max, 1, 2 or a number p > 2 (the entrywise p-norm of W)');
  }
};

export const marginCommand = defineCommand(
  {
    name: 'margin',
    summary: 'the certified max-margin γ_p of a dataset and a maximiser W with ‖W‖_p = 1',
    options: {
      data: value({ placeholder: 'FILE', parse: nonEmpty, required: true, help: 'a .json {"X": number[][], "y": number[]} or a .csv with the label last' }),
      norm: value({ placeholder: 'max|1|2|P', parse: parseNorm, default: Infinity, defaultText: 'max', help: 'the norm of W: max (SignGD, Adam), 2 (GD), 1, or any p > 2' }),
      json: flag('print the report as one JSON line'),
      out: outFile({ help: 'also write the JSON report to FILE (its directory is created; checked before the solve)' }),
      'time-limit': value({ placeholder: 'S', parse: positiveNumber, default: MARGIN_TIME_LIMIT_SECONDS, help: 'seconds the solve may take (then exit 3)' }),
    },
    examples: [
      { cmd: 'ibh margin --data fixtures/small.json --norm 2', what: "the multiclass SVM margin (GD's direction) of a small dataset" },
      { cmd: 'ibh margin --data fixtures/small.csv --norm max --json --out reports/out/margin.json', what: "the max-norm margin (SignGD's and Adam's), as JSON, also written to a file" },
    ],
    notes: ['Exit codes: 0 certified; 2 bad input, including data that are not linearly separable; 3 the solver failed or ran out of time.'],
  },
  (values) => {
    const p = values.norm;
    const limit = values['time-limit'];
    const ds = loadDataset(values.data);
    const r = namingTheData(ds, () => margin(ds, p, { timeLimitSeconds: limit }));
    const report = {
      norm: normLabel(p),
      gamma: r.gamma,
      W: toRows(r.W),
      status: r.status,
      solver: r.solver,
      rounds: r.rounds,
      workingSetSize: r.workingSetSize,
      certificate: { ...r.certificate, tolerance: MARGIN_TOLERANCE },
      seconds: r.seconds,
      data: { path: values.data, n: ds.X.rows, d: ds.X.cols, k: ds.k },
    };
    if (values.out) {
      writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
    }
    if (values.json) {
      process.stdout.write(JSON.stringify(report) + '\n');
      return 0;
    }
    const lines = [
      `data      ${values.data} (n = ${ds.X.rows}, d = ${ds.X.cols}, k = ${ds.k})`,
      `norm      ${normLabel(p)} (entrywise p = ${p})`,
      `gamma     ${r.gamma}`,
      `status    ${r.status}`,
      `solver    ${r.solver}, ${r.rounds} rounds, working set ${r.workingSetSize}, ${r.seconds.toFixed(3)} s`,
      `certified γ ∈ [${r.certificate.lower}, ${r.certificate.upper}] (relative gap ${r.certificate.relGap.toExponential(2)} ≤ ${MARGIN_TOLERANCE})`,
      `W (‖W‖_${normLabel(p)} = 1):`,
      ...toRows(r.W).map((row) => '  ' + row.map((v) => v.toPrecision(8)).join(' ')),
      ...(values.out ? [`report    ${values.out}`] : []),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
);
