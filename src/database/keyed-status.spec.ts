import { keyedStatusIs } from './keyed-status';

describe('keyedStatusIs', () => {
  it('checks the status in a form no index matches', () => {
    expect(keyedStatusIs('d', 'sending')).toBe(`(d.status = 'sending') IS TRUE`);
  });

  it('refuses anything but a plain alias and status, so nothing can be spliced into a statement', () => {
    expect(() => keyedStatusIs('d', "sent' OR true --")).toThrow(/not a plain alias and status/);
    expect(() => keyedStatusIs('d; DROP TABLE x', 'sent')).toThrow(/not a plain alias and status/);
  });
});
