import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { XlsxWriter, xmlText } from './xlsx-writer.js';

/** Entry names and texts, read through the central directory. */
function entries(zip: Buffer): Map<string, string> {
  const eocd = zip.length - 22;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(zip.subarray(start, start + csize)).toString('utf8'));
    p += 46 + nameLen;
  }
  return out;
}

describe('the xlsx writer', () => {
  it('continues on a new sheet, header repeated, when a sheet is full', () => {
    const parts: Buffer[] = [];
    const book = new XlsxWriter((b) => parts.push(Buffer.from(b)), 0, ['A', 'B'], { rowsPerSheet: 3 });
    for (let i = 0; i < 5; i++) book.row([`r${i}`, i]);
    book.finish();
    const files = entries(Buffer.concat(parts));
    const rows = (n: number) => (files.get(`xl/worksheets/sheet${n}.xml`)?.match(/<row /g) ?? []).length;
    expect([rows(1), rows(2), rows(3)]).toEqual([3, 3, 2]);
    expect(files.get('xl/worksheets/sheet2.xml')).toContain('<row r="1"><c s="1" t="inlineStr"><is><t>A</t></is></c>');
    expect(files.get('xl/worksheets/sheet3.xml')).toContain('<t>r4</t>');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="登记 Registrations 3" sheetId="3" r:id="rId3"/>');
    expect(files.get('xl/_rels/workbook.xml.rels')).toContain('Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"');
  });
  it('writes a part bigger than a chunk as one valid deflate stream', () => {
    const parts: Buffer[] = [];
    const book = new XlsxWriter((b) => parts.push(Buffer.from(b)), 0, ['text']);
    const long = '长'.repeat(400_000); // 1.2 MB in UTF-8: more than a 1 MiB chunk on its own
    for (let i = 0; i < 8; i++) book.row([`${i}${long}`]);
    book.finish();
    const sheet = entries(Buffer.concat(parts)).get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet.match(/<row /g)).toHaveLength(9);
    expect(sheet).toContain(`<t>7${long}</t>`);
  });
  it('escapes markup and keeps edge whitespace', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlText('ok\u0007')).toBe('ok');
    const parts: Buffer[] = [];
    const book = new XlsxWriter((b) => parts.push(Buffer.from(b)), 0, ['x']);
    book.row([' padded ']);
    book.finish();
    expect(entries(Buffer.concat(parts)).get('xl/worksheets/sheet1.xml')).toContain('<t xml:space="preserve"> padded </t>');
  });
});
