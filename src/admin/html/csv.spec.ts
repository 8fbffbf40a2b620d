import { csv, csvCell } from './csv';

describe('csv', () => {
  it('defuses every formula opener a spreadsheet would run', () => {
    for (const evil of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('leaves ordinary text and numbers, negative numbers included, as they are', () => {
    expect(csvCell('Ana Lima')).toBe('Ana Lima');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(csv(['a', 'b'], [['x, y', 'say "hi"\nbye']])).toBe('\uFEFFa,b\r\n"x, y","say ""hi""\nbye"\r\n');
  });

  it('separates with semicolons on request, quoting the semicolons in a cell and no longer its commas', () => {
    expect(csv(['a', 'b'], [['x; y', '1,5'], ['=1;2', 'plain']], ';')).toBe(
      `\uFEFFa;b\r\n"x; y";1,5\r\n"'=1;2";plain\r\n`,
    );
  });
});
