import { shownName, shownText } from './shown-person';

describe('what one side of a choice sees of the other', () => {
  it('shows the preferred first name, never the surname', () => {
    expect(shownName({ name: 'Margarita Lopez', preferredName: 'Rita' })).toBe('Rita');
    expect(shownName({ name: 'Margarita Lopez', preferredName: null })).toBe('Margarita');
    expect(shownName({ name: 'Margarita Lopez', preferredName: 'Rita Lopez' })).toBe('Rita');
  });

  it('takes addresses and the surname out of a bio', () => {
    expect(
      shownText('Nurse (write to rita.lopez@hospital.example). Lopez family of teachers.', {
        name: 'Rita Lopez',
      }),
    ).toBe('Nurse (write to [address removed] family of teachers.');
    expect(shownText('  ', { name: 'Sam' })).toBeUndefined();
  });

  it('in a programme with the contact filter on, cuts what the filter would hold in a message', () => {
    const rules = { allow: ['ourprogramme.org'], keywords: ['secret'] };
    const bio =
      'Year 9, loves chess (a secret). Snap me @zoe_q, 07700 900123, or https://wa.me/447700900123. Club: https://meet.ourprogramme.org/chess';
    const shown = shownText(bio, { name: 'Zoe Quinn' }, rules)!;
    expect(shown).not.toMatch(/zoe_q|07700|wa\.me/);
    expect(shown).toContain('Year 9, loves chess (a secret).');
    expect(shown).toContain('[contact details removed]');
    expect(shown).toContain('https://meet.ourprogramme.org/chess');
    // Without the rules (an adult programme), only addresses and the surname are taken out.
    expect(shownText(bio, { name: 'Zoe Quinn' })).toBe(bio);
  });
});
