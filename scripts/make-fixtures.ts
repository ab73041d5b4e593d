/** Writes the shipped fixtures (deterministic from their seeds). Run: npx tsx scripts/make-fixtures.ts */
import { writeFileSync } from 'node:fs';
import { gaussianClusters } from '../src/data/samplers.js';
import { datasetToJson } from '../src/data/io.js';

const paper = gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 });
writeFileSync('fixtures/paper-scale.json', datasetToJson(paper) + '\n');
const small = gaussianClusters({ k: 3, d: 4, nPerClass: 5, sigma: 0.3, seed: 1 });
writeFileSync('fixtures/small.json', datasetToJson(small) + '\n');
const rows = Array.from({ length: small.X.rows }, (_, i) => [...small.X.data.subarray(i * 4, i * 4 + 4), small.y[i]].join(','));
writeFileSync('fixtures/small.csv', ['x1,x2,x3,x4,label', ...rows].join('\n') + '\n');
// Two identical points with different labels: not linearly separable.
writeFileSync('fixtures/not-separable.json', JSON.stringify({ X: [[1, 0], [1, 0], [0, 1]], y: [0, 1, 1] }) + '\n');
