import { describe, expect, it } from 'vitest';
import { csvCell, csvHead, csvLine } from './csv.js';

describe('CSV cells', () => {
  it('leave plain text, Chinese included, as it is', () => {
    expect(csvCell('王小明')).toBe('王小明');
    expect(csvCell('6101**********123X')).toBe('6101**********123X');
    expect(csvCell(10)).toBe('10');
    expect(csvCell('')).toBe('');
  });
  it('quote commas, quotes and line breaks as RFC 4180 says, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });
  it('put an apostrophe before a cell a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+86 123')).toBe("'+86 123");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('a=b')).toBe('a=b');
  });
  it('keep long digit strings and leading zeros away from Excel number conversion with a leading tab', () => {
    expect(csvCell('610113199001011234')).toBe('\t610113199001011234');
    expect(csvCell('0898')).toBe('\t0898');
    expect(csvCell('13812345678')).toBe('13812345678');
    expect(csvCell('61011319900101123X')).toBe('61011319900101123X');
  });
  it('end lines with CRLF', () => {
    expect(csvLine(['a', 1, 'b,c'])).toBe('a,1,"b,c"\r\n');
  });
  it('start the file with a UTF-8 byte-order mark and the bilingual header', () => {
    const head = csvHead();
    expect(head.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(head, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(head.slice(1)).toMatch(/^采样时间 Sampled at,姓名 Name,身份证号 ID number,联系电话 Phone,码类型 Code kind,/);
  });
});
