import { PassThrough, Writable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { WritableDB } from '../db/handles.js';
import type { NewRegistration } from '../db/registrations.js';
import { insertTube } from '../db/tubes.js';
import { commitRegistration } from '../kiosk/registrations.js';
import { makeKiosk } from '../test-support/kiosk-fixture.js';
import { COLUMNS } from './columns.js';
import { exportChunks, exportToSink, exportToStream, type ExportOptions } from './export-registrations.js';

// 2026-03-18T10:00:00+08:00
const T0 = 1773799200;

let tubeSeq = 0;
function register(db: WritableDB, over: Partial<NewRegistration> = {}, lane: 'pooled' | 'single' = 'single'): NewRegistration {
  const label = `TB${String(++tubeSeq).padStart(10, '0')}`;
  const tubeId = insertTube(db, { label, lane, poolSize: lane === 'single' ? 1 : 10, sampleType: 'throat', operatorId: 'sup1', openedAt: over.sampledAt ?? T0 });
  const reg: NewRegistration = {
    uuid: `00000000-0000-4000-8000-${String(tubeSeq).padStart(12, '0')}`,
    tubeId,
    personName: '王小明',
    idNumber: '610113201003071234',
    phone: '13812345678',
    codeKind: 'personal',
    codeMode: 'live',
    codeCid: `cid${tubeSeq}`,
    codeIssuer: '610000',
    guardianName: null,
    guardianPhone4: null,
    outcome: 'ACCEPT',
    reason: 'OK',
    color: 'green',
    sampleType: 'throat',
    samplingUnit: '测试医院',
    siteName: '雁塔区测试采样点',
    kioskId: 'K-TEST-01',
    operatorId: 'sup1',
    sampledAt: T0,
    ...over,
  };
  commitRegistration(db, reg, { actor: 'sup1', lane, tubeLabel: label, poolSize: lane === 'single' ? 1 : 10 });
  return reg;
}

/** A kiosk of its own; tube labels and UUIDs count from 1 in each. */
function fresh() {
  tubeSeq = 0;
  return makeKiosk({ lists: false });
}

function kioskWithRows() {
  const k = fresh();
  register(k.db, { sampledAt: T0 });
  register(k.db, { sampledAt: T0 + 60, personName: '=cmd|" /C calc"!A0', phone: null, codeKind: 'kin', guardianName: '王*华', guardianPhone4: '0898', idNumber: '61011319500101123X' });
  register(k.db, { sampledAt: T0 + 3600, personName: '李, "四"', outcome: 'REFER', reason: 'YELLOW', color: 'yellow' });
  return k;
}

const opts = (o: Partial<ExportOptions> = {}): ExportOptions => ({ format: 'csv', fullId: false, now: T0, ...o });

function exportText(db: WritableDB, o: Partial<ExportOptions> = {}): string {
  let s = '';
  // Chunks end at line ends, so no character is split between two of them.
  exportToSink(db, opts(o), (c) => {
    s += Buffer.from(c).toString('utf8');
  });
  return s;
}

function exportBytes(db: WritableDB, o: Partial<ExportOptions>): Buffer {
  const parts: Buffer[] = [];
  exportToSink(db, opts(o), (c) => parts.push(Buffer.from(c))); // a copy: the sink's chunk is reused
  return Buffer.concat(parts);
}

/** Just enough of a ZIP reader to check what the xlsx writer wrote: the central directory, each entry inflated, its CRC checked. */
function readZip(zip: Buffer): Map<string, string> {
  const eocd = zip.length - 22;
  expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + csize));
    expect(crc32(data), name).toBe(crc);
    files.set(name, data.toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

describe('CSV export', () => {
  it('starts with a BOM and the header, quotes as RFC 4180 and neutralises formulas', () => {
    const { db } = kioskWithRows();
    const lines = exportText(db).split('\r\n');
    expect(lines[0]?.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]?.slice(1)).toBe(COLUMNS.map((c) => c.header).join(','));
    expect(lines).toHaveLength(5); // header, 3 rows, empty after the last CRLF
    expect(lines[4]).toBe('');
    expect(lines[1]).toBe(
      '2026-03-18T10:00:00+08:00,王小明,6101**********1234,13812345678,个人 personal,,,通过 ACCEPT,OK,绿码 green,TB0000000001,1,单管 single,咽拭子 throat,测试医院,雁塔区测试采样点,sup1,K-TEST-01,待上传 pending,00000000-0000-4000-8000-000000000001',
    );
    expect(lines[2]).toContain(`,"'=cmd|"" /C calc""!A0",6101**********123X,,亲属 kin,王*华,\t0898,`);
    expect(lines[3]).toContain(`,"李, ""四""",`);
    expect(lines[3]).toContain(',转单管 REFER,YELLOW,黄码 yellow,');
  });
  it('writes times in China Standard Time with the offset', () => {
    const { db } = fresh();
    register(db, { sampledAt: Date.UTC(2026, 2, 18, 16, 30, 5) / 1000 }); // 00:30:05 the next day in CST
    expect(exportText(db).split('\r\n')[1]).toMatch(/^2026-03-19T00:30:05\+08:00,/);
  });
  it('masks ID numbers unless full IDs were asked for', () => {
    const { db } = kioskWithRows();
    const masked = exportText(db);
    expect(masked).not.toContain('610113201003071234');
    expect(masked).toContain('6101**********1234');
    const full = exportText(db, { fullId: true });
    expect(full).toContain('\t610113201003071234');
    expect(full).toContain(',61011319500101123X,');
  });
  it('exports the half-open range [from, to)', () => {
    const { db } = kioskWithRows();
    const rows = (o: Partial<ExportOptions>) => exportText(db, o).split('\r\n').length - 2;
    expect(rows({})).toBe(3);
    expect(rows({ from: T0 + 60 })).toBe(2);
    expect(rows({ to: T0 + 60 })).toBe(1);
    expect(rows({ from: T0, to: T0 + 3600 })).toBe(2);
    expect(rows({ from: T0 + 3601 })).toBe(0);
    expect(() => exportText(db, { from: T0, to: T0 })).toThrow(/--from.*before.*--to/);
  });
});

describe('JSON Lines export', () => {
  it('writes one JSON object per line with English keys and stored codes', () => {
    const { db } = kioskWithRows();
    const text = exportText(db, { format: 'json' });
    expect(text.endsWith('\n')).toBe(true);
    const objects = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(3);
    expect(objects[0]).toEqual({
      sampledAt: '2026-03-18T10:00:00+08:00',
      name: '王小明',
      idNumber: '6101**********1234',
      phone: '13812345678',
      codeKind: 'personal',
      guardianName: null,
      guardianPhoneLast4: null,
      outcome: 'ACCEPT',
      reason: 'OK',
      color: 'green',
      tube: 'TB0000000001',
      poolSize: 1,
      lane: 'single',
      sampleType: 'throat',
      samplingUnit: '测试医院',
      site: '雁塔区测试采样点',
      operator: 'sup1',
      kiosk: 'K-TEST-01',
      upload: 'pending',
      uuid: '00000000-0000-4000-8000-000000000001',
    });
    expect(objects[1]).toMatchObject({ name: '=cmd|" /C calc"!A0', codeKind: 'kin', guardianName: '王*华', guardianPhoneLast4: '0898' });
  });
});

describe('xlsx export', () => {
  it('is a ZIP whose sheet holds the header and the rows as text, XML-escaped', () => {
    const { db } = kioskWithRows();
    const files = readZip(exportBytes(db, { format: 'xlsx' }));
    expect([...files.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet).toContain('<row r="1"><c s="1" t="inlineStr"><is><t>采样时间 Sampled at</t></is></c><c s="1" t="inlineStr"><is><t>姓名 Name</t></is></c>');
    const row2 = /<row r="2">(.*?)<\/row>/.exec(sheet)?.[1] ?? '';
    const cells = row2.match(/<c\/>|<c[^/]*?>.*?<\/c>/g) ?? [];
    expect(cells).toHaveLength(COLUMNS.length);
    expect(cells.slice(0, 7)).toEqual([
      '<c t="inlineStr"><is><t>2026-03-18T10:00:00+08:00</t></is></c>',
      '<c t="inlineStr"><is><t>王小明</t></is></c>',
      '<c t="inlineStr"><is><t>6101**********1234</t></is></c>',
      '<c t="inlineStr"><is><t>13812345678</t></is></c>',
      '<c t="inlineStr"><is><t>个人 personal</t></is></c>',
      '<c/>',
      '<c/>',
    ]);
    expect(cells[11]).toBe('<c><v>1</v></c>');
    expect(sheet).toContain('<t>=cmd|" /C calc"!A0</t>');
    expect(sheet).toContain('<t>0898</t>');
    expect(sheet.match(/<row /g)).toHaveLength(4);
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="登记 Registrations" sheetId="1" r:id="rId1"/>');
    expect(files.get('[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
  });
  it('escapes markup and drops characters XML cannot hold', () => {
    const { db } = fresh();
    register(db, { personName: '<b>&\u0001王' });
    const sheet = readZip(exportBytes(db, { format: 'xlsx' })).get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet).toContain('<t>&lt;b&gt;&amp;王</t>');
  });
});

describe('streaming', () => {
  function manyRows(n: number) {
    const k = fresh();
    const insert = k.db.transaction(() => {
      for (let i = 0; i < n; i++) register(k.db, { sampledAt: T0 + i, personName: `测试${i}`, uuid: `u-${i}` });
    });
    insert.immediate();
    return k;
  }

  it('reads rows only as chunks are taken, in bounded chunks', () => {
    const { db } = manyRows(3000);
    for (const format of ['csv', 'json', 'xlsx'] as const) {
      const gen = exportChunks(db, opts({ format }));
      const first = gen.next();
      expect(first.done).toBe(false);
      let chunks = 1;
      let max = 0;
      let total = 0;
      for (let r = first; r.done !== true; r = gen.next()) {
        const size = r.value.length;
        max = Math.max(max, size);
        total += size;
        chunks++;
      }
      // Each chunk is bounded (text: 128 Ki characters; xlsx: one deflated 1 MiB block), however big the whole.
      expect(max, format).toBeLessThan(1.5 * 1024 * 1024);
      if (format !== 'xlsx') expect(chunks, format).toBeGreaterThan(3);
      expect(total, format).toBeGreaterThan(max);
    }
  });
  it('closes the database statement when the consumer stops early', () => {
    const { db } = manyRows(3000);
    const gen = exportChunks(db, opts({ format: 'json' }));
    gen.next();
    gen.return(0);
    // A statement still iterating would make this write throw ("This database connection is busy").
    expect(() => register(db)).not.toThrow();
  });
  it('waits for a slow stream to drain and writes the same bytes as the file path', async () => {
    const { db } = manyRows(2000);
    const received: Buffer[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        received.push(chunk);
        setImmediate(done);
      },
    });
    slow.on('drain', () => waits++);
    const rows = await exportToStream(db, opts(), slow);
    expect(rows).toBe(2000);
    expect(waits).toBeGreaterThan(0);
    expect(Buffer.concat(received).toString('utf8')).toBe(exportText(db));
  });
  it('fails instead of hanging when the stream goes away', async () => {
    const { db } = manyRows(2000);
    const gone = new PassThrough({ highWaterMark: 1024 });
    const p = exportToStream(db, opts(), gone);
    gone.destroy();
    await expect(p).rejects.toThrow(/closed before the export finished/);
  });
});
