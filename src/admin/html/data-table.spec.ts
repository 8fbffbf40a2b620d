import { dataCards, dataTable, tableState, tableView, type Column } from './data-table';

interface Row {
  name: string;
  n: number | null;
}

const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', cell: (r) => r.name, sortBy: (r) => r.name, search: (r) => r.name },
  { key: 'n', label: 'Count', cell: (r) => r.n, sortBy: (r) => r.n },
  { key: 'note', label: 'Note', cell: () => '' },
];

const rows: Row[] = Array.from({ length: 120 }, (_, i) => ({
  name: `Person ${i + 1}`,
  n: i % 7 === 0 ? null : i,
}));

describe('data table', () => {
  it('searches, sorts (numbers as numbers, empty last either way) and pages', () => {
    const desc = tableView(rows, columns, tableState({ sort: 'n', dir: 'descending' }, columns));
    expect(desc.rows[0].n).toBe(118); // 119 is a multiple of 7: empty
    expect(desc.total).toBe(120);
    expect(desc.pages).toBe(3);
    const asc = tableView(rows, columns, tableState({ sort: 'n', page: '3' }, columns));
    expect(asc.rows.at(-1)!.n).toBeNull();
    const byName = tableView(rows, columns, tableState({ sort: 'name' }, columns));
    expect(byName.rows.slice(0, 3).map((r) => r.name)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    const found = tableView(rows, columns, tableState({ q: 'person 11' }, columns));
    expect(found.rows.map((r) => r.name)).toEqual([
      'Person 11',
      'Person 110',
      'Person 111',
      'Person 112',
      'Person 113',
      'Person 114',
      'Person 115',
      'Person 116',
      'Person 117',
      'Person 118',
      'Person 119',
    ]);
  });

  it('ignores what it does not know: an unsortable or unknown column, a bad page', () => {
    for (const sort of ['note', '__proto__', 'constructor'])
      expect(tableState({ sort }, columns).sort).toBeUndefined();
    expect(tableState({ page: '-1' }, columns).page).toBe(1);
    expect(tableState({ page: ['2', '3'] }, columns).page).toBe(1);
    expect(tableView(rows, columns, tableState({ page: '99' }, columns)).page).toBe(3);
  });

  it('marks the sorted column with aria-sort, links the other direction and keeps the search in page links', () => {
    const state = tableState({ q: 'person', sort: 'name', dir: 'ascending' }, columns);
    const out = dataTable({
      base: '/t',
      label: 'People',
      columns,
      state,
      view: tableView(rows, columns, state),
    }).value;
    expect(out).toMatch(
      /<th scope="col" class="sortable" aria-sort="ascending">\s*<a href="\/t\?q=person&amp;sort=name&amp;dir=descending"/,
    );
    expect(out).toContain('<th scope="col" class="sortable" >');
    expect(out).toContain('href="/t?q=person&amp;sort=name&amp;page=2" rel="next"');
    expect(out).toContain('<td data-label="Count">');
    expect(out.match(/<tr>/g)).toHaveLength(51);
  });

  it('takes a column sorted in SQL (sortable, no sortBy) and renders a page read elsewhere as it is', () => {
    const sql: Column<Row>[] = [
      { key: 'name', label: 'Name', cell: (r) => r.name, sortable: true },
      { key: 'note', label: 'Note', cell: () => '' },
    ];
    const state = tableState({ sort: 'name', dir: 'descending', page: '2', q: 'x' }, sql);
    expect(state).toMatchObject({ sort: 'name', dir: 'descending', page: 2 });
    expect(tableState({ sort: 'note' }, sql).sort).toBeUndefined();
    // The repository already searched, sorted and paged: the table shows its rows and its count.
    const view = { rows: rows.slice(0, 2), total: 52, pages: 2, page: 2 };
    const out = dataTable({ base: '/t', label: 'People', columns: sql, state, view, searchable: true }).value;
    expect(out).toContain('<input type="search" name="q" value="x"');
    expect(out).toMatch(/aria-sort="descending">\s*<a href="\/t\?q=x&amp;sort=name"/);
    expect(out).toContain('href="/t?q=x&amp;sort=name&amp;dir=descending" rel="prev"');
    expect(out.match(/<tr>/g)).toHaveLength(3);
  });

  it('cards: the same search, sort links above the items with their direction in words, and pages', () => {
    const state = tableState({ 'held-sort': 'n', 'held-dir': 'descending', sort: 'name' }, columns, 'held-');
    const out = dataCards({
      base: '/q?other=1',
      label: 'Held',
      columns,
      state,
      view: tableView(rows, columns, state),
      item: (r) => `<${r.name}>`,
    }).value;
    expect(out).toContain('<input type="hidden" name="other" value="1" />');
    // The sorted column's link turns it the other way; the unprefixed sort is another table's.
    expect(out).toContain('href="/q?other=1&amp;held-sort=n"');
    expect(out).toContain('(sorted descending)');
    expect(out.indexOf('&lt;Person 118&gt;')).toBeLessThan(out.indexOf('&lt;Person 117&gt;'));
    expect(out).toContain(
      'href="/q?other=1&amp;held-sort=n&amp;held-dir=descending&amp;held-page=2" rel="next"',
    );
  });
});
