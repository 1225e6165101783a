import { z } from 'zod';
import { cell, cellType as t, parseRow } from './import-rows';

const schema = z.object({
  code: cell.required(t.text(10)),
  tier: cell.orDefault(t.int(0, 3), 0),
  rural: cell.orDefault(t.bool(), false),
  start: cell.required(t.date()),
  subjects: cell.orDefault(t.list(), []),
  note: cell.optional(t.text(20)),
});

describe('parseRow', () => {
  it('turns cell texts into typed values, Chinese yes/no and list separators included', () => {
    expect(parseRow(schema, { row: 2, values: { code: 'TS-1', tier: '2', rural: '是', start: '2026-09-01', subjects: '数学、语文' } })).toEqual({
      value: { code: 'TS-1', tier: 2, rural: true, start: '2026-09-01', subjects: ['数学', '语文'] },
    });
    expect(parseRow(schema, { row: 3, values: { code: 'TS-2', tier: '', rural: '', start: '2026-09-01', subjects: '' } })).toEqual({
      value: { code: 'TS-2', tier: 0, rural: false, start: '2026-09-01', subjects: [] },
    });
  });

  it('reports every bad cell with its row and column', () => {
    const r = parseRow(schema, { row: 7, values: { code: '', tier: '5', rural: 'maybe', start: '2026-02-30' } });
    expect('errors' in r && r.errors[0].message).toBe('is required');
    expect('errors' in r && r.errors.map((e) => [e.row, e.column])).toEqual([
      [7, 'code'],
      [7, 'tier'],
      [7, 'rural'],
      [7, 'start'],
    ]);
  });
});
