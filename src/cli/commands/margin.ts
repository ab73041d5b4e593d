import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../../data/io.js';
import { ArgumentError } from '../../errors.js';
import { toRows } from '../../linalg/matrix.js';
import { MARGIN_TIME_LIMIT_SECONDS, MARGIN_TOLERANCE, margin, normExponent, normLabel } from '../../margins/index.js';

export function marginCommand(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        norm: { type: 'string', default: 'max' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        'time-limit': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ArgumentError(`${(e as Error).message}\nusage: ibh margin --data FILE --norm max|1|2|P [--json] [--out FILE] [--time-limit SECONDS]`);
  }
  if (!values.data) throw new ArgumentError('missing --data FILE (a .json {"X","y"} or .csv with the label last)');
  const p = normExponent(values.norm!);
  const limit = values['time-limit'] === undefined ? MARGIN_TIME_LIMIT_SECONDS : Number(values['time-limit']);
  if (!(limit > 0) || !Number.isFinite(limit)) {
    throw new ArgumentError(`--time-limit must be a positive number of seconds, got "${values['time-limit']}"`);
  }
  const ds = loadDataset(values.data);
  const r = margin(ds, p, { timeLimitSeconds: limit });
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
    mkdirSync(dirname(values.out), { recursive: true });
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
}
