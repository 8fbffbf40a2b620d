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
});
