import { ownAddressProblem } from '../../programs/relay-address';
import { planImport, screeningOfRow } from './csv-import';

const ours = (email: string) => ownAddressProblem(email, 'relay.example', ['notices@relay.example']);

const HEADER = 'name,email,role,pairing,time_zone';

describe('planImport', () => {
  it('accepts a clean file and counts pairings', () => {
    const plan = planImport(
      `${HEADER}\nAna,ana@x.example,mentor,p1,Europe/Berlin\nBo,BO@x.example,mentee,p1,\nCy,cy@x.example,mentee,,`,
      new Set(),
      ours,
    );
    expect(plan.ok).toBe(true);
    expect(plan.pairings).toBe(1);
    expect(plan.rows[1]).toMatchObject({ line: 3, email: 'bo@x.example', timeZone: 'UTC' });
  });

  it('refuses a name or preferred name that holds an address: partners would see it', () => {
    const plan = planImport(
      `name,email,role,preferred_name\nann.lee@gmail.com,ann@x.example,mentor,\nBo,bo@x.example,mentee,bo (at) home.example`,
      new Set(),
      ours,
    );
    expect(plan.rows.map((r) => r.errors)).toEqual([
      ['name holds an email address, which other participants would see'],
      ['preferred_name holds an email address, which other participants would see'],
    ]);
  });

  it('reads screening dates: calendar dates, none in the future, kept as noon UTC of the day', () => {
    const plan = planImport(
      [
        'name,email,role,background_checked,trained',
        'Ana,ana@x.example,mentor,2026-03-01,2026-02-28',
        'Bo,bo@x.example,mentor,2026-02-30,',
        'Cy,cy@x.example,mentor,, 01/03/2026',
        'Di,di@x.example,mentor,2026-12-08,2026-12-07',
      ].join('\n'),
      new Set(),
      ours,
      () => null,
      '2026-12-07',
    );
    expect(plan.rows.map((r) => [r.backgroundChecked, r.trained, r.errors])).toEqual([
      ['2026-03-01', '2026-02-28', []],
      ['2026-02-30', null, ['background_checked "2026-02-30" is not a date like 2026-03-01']],
      [null, '01/03/2026', ['trained "01/03/2026" is not a date like 2026-03-01']],
      ['2026-12-08', '2026-12-07', ['background_checked 2026-12-08 is in the future']],
    ]);
    expect(screeningOfRow(plan.rows[0])).toEqual({
      backgroundCheckedAt: new Date('2026-03-01T12:00:00Z'),
      trainedAt: new Date('2026-02-28T12:00:00Z'),
    });
    expect(screeningOfRow(plan.rows[2])).toMatchObject({ backgroundCheckedAt: null });
  });

  it('ties each problem to its line', () => {
    const plan = planImport(
      `${HEADER}\nAna,ana@x.example,mentor,p1,\nBo,not-an-email,mentee,p1,\nCy,ana@x.example,coach,,Mars/Base`,
      new Set(['old@x.example']),
      ours,
    );
    expect(plan.ok).toBe(false);
    expect(plan.rows[0].errors).toEqual([]);
    expect(plan.rows[1].errors).toEqual(['"not-an-email" is not an email address']);
    expect(plan.rows[2].line).toBe(4);
    expect(plan.rows[2].errors).toEqual([
      'ana@x.example also appears on line 2',
      'role must be mentor or mentee, not "coach"',
      'unknown time zone "Mars/Base"',
    ]);
  });

  it('flags existing participants and lopsided pairings', () => {
    const plan = planImport(
      `${HEADER}\nAna,old@x.example,mentor,p1,\nBo,bo@x.example,mentor,p1,`,
      new Set(['old@x.example']),
      ours,
    );
    expect(plan.rows[0].errors[0]).toBe('old@x.example is already a participant of this programme');
    expect(plan.rows[1].errors).toEqual([
      'pairing "p1" needs exactly one mentor and at least one mentee (has 2 and 0)',
    ]);
  });

  it('reports a missing header as a file error', () => {
    const plan = planImport('Ana,ana@x.example,mentor\nBo,bo@x.example,mentee', new Set(), ours);
    expect(plan.ok).toBe(false);
    expect(plan.fileErrors[0]).toMatch(/missing column/);
  });

  it('refuses, line by line, an address on the relay domain or our own sender', () => {
    const plan = planImport(
      `${HEADER}\nAna,ana@x.example,mentor,p1,\nBo,Team-abc@Relay.example,mentee,p1,\nCy,cy@mail.relay.example,mentee,p1,\nDi,notices@relay.example,mentee,,`,
      new Set(),
      ours,
    );
    expect(plan.ok).toBe(false);
    expect(plan.rows.map((r) => r.errors)).toEqual([
      [],
      ['team-abc@relay.example is on the relay domain relay.example; a participant needs their own mailbox'],
      ['cy@mail.relay.example is on the relay domain relay.example; a participant needs their own mailbox'],
      ['notices@relay.example is on the relay domain relay.example; a participant needs their own mailbox'],
    ]);
  });

  it('reads the optional preferred name and about line, and bounds them', () => {
    const plan = planImport(
      `name,email,role,preferred_name,about\nMargarita Lopez,rita@x.example,mentor,Rita,"Designer,  at a studio"\nBo,bo@x.example,mentee,,${'x'.repeat(281)}`,
      new Set(),
      ours,
    );
    expect(plan.rows[0]).toMatchObject({ preferredName: 'Rita', about: 'Designer, at a studio', errors: [] });
    expect(plan.rows[1].preferredName).toBeNull();
    expect(plan.rows[1].errors).toEqual(['about is longer than 280 characters']);
  });

  it('groups people sharing a circle name into that circle, and checks its shape', () => {
    const head = 'name,email,role,pairing,circle';
    const ok = planImport(
      `${head}\nAna,ana@x.example,mentor,p1,Career changers\nBo,bo@x.example,mentee,p1, Career  changers \nCy,cy@x.example,mentee,,Career changers`,
      new Set(),
      ours,
    );
    expect(ok.ok).toBe(true);
    expect(ok).toMatchObject({ pairings: 1, circles: 1 });
    expect(ok.rows.map((r) => r.circle)).toEqual(['Career changers', 'Career changers', 'Career changers']);
    const noLead = planImport(
      `${head}\nBo,bo@x.example,mentee,,Solo\nCy,cy@x.example,mentee,,Solo`,
      new Set(),
      ours,
    );
    expect(noLead.ok).toBe(false);
    expect(noLead.rows[0].errors).toEqual([
      'circle "Solo" needs 1 to 2 mentors (leads) and 1 to 12 mentees (has 0 and 2)',
    ]);
  });

  it('asks the placement check only of rows with a pairing or circle, and refuses those it names', () => {
    const asked: string[] = [];
    const plan = planImport(
      `name,email,role,pairing,circle\nAna,ana@x.example,mentor,p1,\nBo,bo@x.example,mentee,p1,\nCy,cy@x.example,mentee,,`,
      new Set(),
      ours,
      (row) => {
        asked.push(row.name);
        return row.name === 'Bo' ? 'Bo: guardian consent is awaited' : null;
      },
    );
    expect(asked).toEqual(['Ana', 'Bo']);
    expect(plan.ok).toBe(false);
    expect(plan.rows.map((r) => r.errors)).toEqual([[], ['Bo: guardian consent is awaited'], []]);
  });
});
