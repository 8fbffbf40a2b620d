import { payloadTraces, REMOVED_MARK, REMOVED_NAME, REMOVED_TEXT, scrubPayload } from './erasure-scrub';

const lang = payloadTraces({
  name: 'Lang Okafor',
  preferredName: null,
  about: null,
  bio: 'Letterpress printer. Write to lang.okafor@mail.example any time.',
  addresses: ['lang.okafor@mail.example'],
});

describe('scrubPayload', () => {
  it('replaces names, addresses and their words in string values, never in keys', () => {
    const payload = {
      input: {
        name: 'notice-choice-update',
        props: { lang: 'en', recipientName: 'Amira', mentorName: 'Lang', note: 'Lang Okafor said hi' },
      },
    };
    expect(scrubPayload(payload, lang)).toEqual({
      input: {
        name: 'notice-choice-update',
        props: {
          lang: 'en',
          recipientName: 'Amira',
          mentorName: REMOVED_MARK,
          note: `${REMOVED_MARK} said hi`,
        },
      },
    });
  });

  it('replaces a name as a whole word only, in any case', () => {
    const ann = payloadTraces({
      name: 'Ann Lee',
      preferredName: 'Ann',
      about: null,
      bio: null,
      addresses: [],
    });
    const payload = { input: { name: 'x', props: { note: 'ANN wrote the announcement; Ann Lee agreed' } } };
    expect(scrubPayload(payload, ann)).toEqual({
      input: { name: 'x', props: { note: `${REMOVED_MARK} wrote the announcement; ${REMOVED_MARK} agreed` } },
    });
  });

  it('keeps the recipient’s own name when it is the same first name, and reports no change as null', () => {
    const payload = { input: { name: 'x', props: { recipientName: 'Lang', mentorName: 'Priya' } } };
    expect(scrubPayload(payload, lang)).toBeNull();
  });

  it('takes the shown bio out (its address already masked) and empties their card among the offers', () => {
    const payload = {
      input: {
        name: 'notice-choice-suggestions',
        props: {
          mentors: [
            { number: 1, name: 'Jo', why: 'shared topics' },
            {
              number: 2,
              name: 'Lang',
              bio: 'Letterpress printer. Write to [address removed] any time.',
              why: 'w',
            },
          ],
        },
      },
    };
    const out = scrubPayload(payload, lang, [{ kind: 'card', number: 2 }])!;
    expect(out.input.props.mentors).toEqual([
      { number: 1, name: 'Jo', why: 'shared topics' },
      { number: 2, name: REMOVED_NAME, why: REMOVED_TEXT },
    ]);
    expect(JSON.stringify(scrubPayload(payload, lang))).not.toContain('Letterpress');
  });

  it('leaves nothing of a mentee in a request about them', () => {
    const payload = {
      input: {
        name: 'notice-choice-request',
        props: {
          recipientName: 'Jo',
          menteeName: 'Ana',
          bio: 'Student',
          goalsText: 'first job',
          topicsText: 'software',
          why: '1 shared goal',
          answerByText: 'Thursday',
        },
      },
    };
    const ana = payloadTraces({ name: 'Ana B', preferredName: null, about: null, bio: null, addresses: [] });
    expect(scrubPayload(payload, ana, [{ kind: 'request' }])!.input.props).toEqual({
      recipientName: 'Jo',
      menteeName: REMOVED_NAME,
      why: REMOVED_TEXT,
      answerByText: 'Thursday',
    });
  });
});
