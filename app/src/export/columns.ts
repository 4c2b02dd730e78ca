/**
 * The exported columns: a header in Chinese then English for the
 * spreadsheet formats, an English key for JSON Lines, where the value comes
 * from in an ExportRow (app/src/db/export-queries.ts), and the bilingual
 * label of each stored code (`kin` → `亲属 kin`).
 */
import type { ExportRow } from '../db/export-queries.js';

export type Source = { readonly own: number } | { readonly repeated: number };

export interface Column {
  /** Shown in CSV and xlsx, Chinese first. */
  readonly header: string;
  /** The JSON Lines key. */
  readonly key: string;
  /** Where the value is: ExportRow[own], or ExportRow's repeated values [repeated]. */
  readonly from: Source;
  /** Bilingual labels of a stored code (spreadsheets only; JSON keeps the code). */
  readonly labels?: Readonly<Record<string, string>>;
}

const CODE_KIND = { personal: '个人 personal', kin: '亲属 kin' } satisfies Record<'personal' | 'kin', string>;
const OUTCOME = { ACCEPT: '通过 ACCEPT', REFER: '转单管 REFER' } satisfies Record<'ACCEPT' | 'REFER', string>;
const COLOUR = { green: '绿码 green', yellow: '黄码 yellow', red: '红码 red' } satisfies Record<'green' | 'yellow' | 'red', string>;
const LANE = { pooled: '混采 pooled', single: '单管 single' } satisfies Record<'pooled' | 'single', string>;
const SAMPLE = { throat: '咽拭子 throat', nasal: '鼻拭子 nasal' } satisfies Record<'throat' | 'nasal', string>;
const UPLOAD = { pending: '待上传 pending', acked: '已上传 uploaded', dead: '上传失败 failed' } satisfies Record<'pending' | 'acked' | 'dead', string>;

export const COLUMNS: readonly Column[] = [
  { header: '采样时间 Sampled at', key: 'sampledAt', from: { own: 0 } },
  { header: '姓名 Name', key: 'name', from: { own: 1 } },
  { header: '身份证号 ID number', key: 'idNumber', from: { own: 2 } },
  { header: '联系电话 Phone', key: 'phone', from: { own: 3 } },
  { header: '码类型 Code kind', key: 'codeKind', from: { repeated: 0 }, labels: CODE_KIND },
  { header: '监护人 Guardian', key: 'guardianName', from: { own: 4 } },
  { header: '监护人手机尾号 Guardian phone (last 4)', key: 'guardianPhoneLast4', from: { own: 5 } },
  { header: '结果 Outcome', key: 'outcome', from: { repeated: 1 }, labels: OUTCOME },
  { header: '原因 Reason', key: 'reason', from: { repeated: 2 } },
  { header: '颜色 Colour', key: 'color', from: { repeated: 3 }, labels: COLOUR },
  { header: '试管 Tube', key: 'tube', from: { own: 6 } },
  { header: '混采 Pool size', key: 'poolSize', from: { repeated: 4 } },
  { header: '通道 Lane', key: 'lane', from: { repeated: 5 }, labels: LANE },
  { header: '样本类型 Sample type', key: 'sampleType', from: { repeated: 6 }, labels: SAMPLE },
  { header: '采样单位 Unit', key: 'samplingUnit', from: { repeated: 7 } },
  { header: '采样点 Site', key: 'site', from: { repeated: 8 } },
  { header: '操作员 Operator', key: 'operator', from: { repeated: 9 } },
  { header: '设备 Kiosk', key: 'kiosk', from: { repeated: 10 } },
  { header: '上传 Upload state', key: 'upload', from: { repeated: 11 }, labels: UPLOAD },
  { header: '登记编号 Registration UUID', key: 'uuid', from: { own: 7 } },
];

/** A column's stored value in a row (the time as Unix seconds). */
export function storedValue(row: ExportRow, c: Column): string | number | null {
  return 'own' in c.from ? (row[c.from.own] as string | number | null) : (row[8][c.from.repeated] ?? null);
}

/** How a spreadsheet shows a stored value: labels applied, null as empty. */
export function displayValue(c: Column, v: string | number | null): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  return c.labels?.[v] ?? v;
}

/** A row's cells as a spreadsheet shows them: the time formatted, labels applied, nulls empty. */
export function displayCells(row: ExportRow, time: (unixSeconds: number) => string): (string | number)[] {
  const out: (string | number)[] = new Array<string | number>(COLUMNS.length);
  out[0] = time(row[0]);
  for (let i = 1; i < COLUMNS.length; i++) {
    const c = COLUMNS[i] as Column;
    out[i] = displayValue(c, storedValue(row, c));
  }
  return out;
}

/**
 * The columns after the first (the time) as a plan for encoders: a number
 * n >= 0 is the row's own value row[n]; a number n < 0 is the run of
 * consecutive repeated columns runs[-n - 1], which an encoder makes once
 * per distinct repeated values and reuses.
 */
export function columnPlan(): { plan: number[]; runs: Column[][] } {
  const plan: number[] = [];
  const runs: Column[][] = [];
  let run: Column[] | null = null;
  for (const c of COLUMNS.slice(1)) {
    if ('own' in c.from) {
      plan.push(c.from.own);
      run = null;
    } else {
      if (run === null) {
        run = [];
        runs.push(run);
        plan.push(-runs.length);
      }
      run.push(c);
    }
  }
  return { plan, runs };
}
