/** CSV header detection (issue #10): a first row with a typo is refused, never dropped as a header. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDatasetCsv } from '../../src/data/io.js';
import { DataError } from '../../src/errors.js';

const rows = ['1,2,0', '-1,0.5,1', '0.3,-2,2'];

describe('parseDatasetCsv: header or data', () => {
  test('a header of names is skipped; the rows all load', () => {
    const ds = parseDatasetCsv(['x1,x2,label', ...rows].join('\n'));
    expect(ds.X.rows).toBe(3);
  });

  test('a headerless first row with a typo in one field is a DataError naming line 1 and the field (issue #10)', () => {
    expect(() => parseDatasetCsv(['1,2x,0', ...rows.slice(1)].join('\n'), 'typo.csv')).toThrow(DataError);
    expect(() => parseDatasetCsv(['1,2x,0', ...rows.slice(1)].join('\n'), 'typo.csv')).toThrow(/typo\.csv: line 1, field 2 \("2x"\) is not a number/);
  });

  test('a header whose width differs from the rows is refused', () => {
    expect(() => parseDatasetCsv(['x1,label', ...rows].join('\n'))).toThrow(/header \(line 1\) has 2 fields, line 2 has 3/);
  });

  test('property: a non-number in any field of the first data row is refused naming its line and field, header or not', () => {
    const num = fc.double({ min: -10, max: 10, noNaN: true }).map((v) => String(v));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), num, num, fc.constantFrom('x', 'O', ' a', '.1.2', 'e', '#'), fc.boolean(), (field, a, b, junk, header) => {
        const first = [a, b, '0'];
        first[field] = first[field] + junk;
        const text = [...(header ? ['f1,f2,y'] : []), first.join(','), ...rows.slice(1)].join('\n');
        const line = header ? 2 : 1;
        expect(() => parseDatasetCsv(text, 'p.csv')).toThrow(new RegExp(`^p\\.csv: line ${line}, field ${field + 1} \\(`));
      }),
    );
  });
});
