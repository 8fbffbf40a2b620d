import { describeFindings, findContactDetails, type ContactFilterRules } from './contact-details';

const NONE: ContactFilterRules = { allow: [], keywords: [] };
const kinds = (text: string, rules: ContactFilterRules = NONE) => findContactDetails(text, rules).map((f) => f.kind);

describe('findContactDetails', () => {
  describe('finds contact details written in many ways', () => {
    it.each([
      ['call me on 07700 900123 after school', 'phone'],
      ['my number is +44 20 7946 0958', 'phone'],
      ['text me: (555) 123-4567', 'phone'],
      ['555.123.4567 is my cell', 'phone'],
      ['ring 0049 30 1234567', 'phone'],
      ['06-12345678', 'phone'],
      ['+1 415 555 2671', 'phone'],
      ['my whatsapp number 0612345678', 'phone'],
      ['write to zoe.q@gmail.com', 'email'],
      ['ZOE_Q+school@Example.CO.UK', 'email'],
      ['zoe at gmail dot com', 'email'],
      ['zoe (at) hotmail (dot) com', 'email'],
      ['email me: zoe at gmail.com', 'email'],
      ['zoe(at)gmail.com', 'email'],
      ['zoe [at] school.co.uk', 'email'],
      ['zoe @ gmail.com', 'email'],
      ['ZOE.Q AT OUTLOOK DOT COM', 'email'],
      ['zoe {at} proton (dot) me', 'email'],
      ['follow me @zoe_quill', 'handle'],
      ['add me on snapchat', 'handle'],
      ['my insta is zoe.q', 'handle'],
      ['Insta: zoeq_2009', 'handle'],
      ['discord username zoeq#1234', 'handle'],
      ['dm me on instagram', 'handle'],
      ['join https://zoom.us/j/123456789', 'meeting_link'],
      ['meet.google.com/abc-defg-hij at 5', 'meeting_link'],
      ['https://chat.whatsapp.com/AbCdEf', 'meeting_link'],
      ['see https://www.instagram.com/zoe.q/', 'meeting_link'],
      ['t.me/zoeq', 'meeting_link'],
      ['I live at 221B Baker Street', 'street_address'],
      ['come to 12 Oak Tree Road', 'street_address'],
      ['my postcode is SW1A 1AA', 'street_address'],
      ['flat 4, near the station', 'street_address'],
    ])('%s → %s', (text, kind) => {
      expect(kinds(text)).toContain(kind);
    });
  });

  describe('lets ordinary writing through', () => {
    it.each([
      'Let us talk on 12/05/2024 at 10:30.',
      'The course runs 2019-2023 and costs $1,200.00 a year.',
      'It was €1 500 in 2022, about 15% more than 2021.',
      'We met on 2024-05-12 from 14.30 - 15.45.',
      'I read 3 books and walked 10,000 steps, 5 miles down the road.',
      'Chapter 12, pages 100-200.',
      'My essay is 2,500 words; the limit is 3000.',
      'There are 1 000 000 people in the city.',
      'Years: 2019 2020 2021 were hard.',
      'Here is the article: https://www.bbc.co.uk/news/education-12345678',
      'I saw it on Instagram and TikTok last week.',
      'The signal was weak on the train.',
      'Email me back when you can!',
      'We scored 3-1 in the final, 9-5 is my shift.',
      'Thanks @ everyone, see you at 5.',
      'Version 10.2.3 of the app came out on 1.5.2024.',
      'My student ID is on the form (12345).',
      'Week 3: the street where I grew up was quiet.',
      'We met at school.It was fun, and at 5.30 at the library.',
      'I was at home.In the end we stayed at Mum.No news.',
      'Look at the picture at the top.',
    ])('%s', (text) => {
      expect(findContactDetails(text, NONE)).toEqual([]);
    });
  });

  it("lets the programme's own video domain and office number through when they are allowed", () => {
    const rules = { allow: ['meet.brightfutures.org', 'zoom.us', '+44 20 7946 0000'], keywords: [] };
    expect(kinds('Join https://brightfutures.zoom.us/j/999 or https://meet.brightfutures.org/room', rules)).toEqual([]);
    expect(kinds('The office is on +44 20 7946 0000.', rules)).toEqual([]);
    expect(kinds('Mine is +44 20 7946 0958.', rules)).toEqual(['phone']);
    expect(kinds('staff@meet.brightfutures.org', rules)).toEqual([]);
  });

  it('holds a configured keyword as a word, not inside another word', () => {
    const rules = { allow: [], keywords: ['secret', 'meet up'] };
    expect(kinds("Don't tell anyone, it's our secret", rules)).toEqual(['keyword']);
    expect(kinds('Could we MEET UP on Saturday?', rules)).toEqual(['keyword']);
    expect(kinds('The secretary answered.', rules)).toEqual([]);
  });

  it('names the kinds found, once each', () => {
    const found = findContactDetails('07700 900123 or 07700 900124, zoe@gmail.com', NONE);
    expect(describeFindings(found)).toBe('email address, phone number');
  });

  it('reads a hostile run of digits and separators quickly', () => {
    const start = Date.now();
    findContactDetails(`${'1 -'.repeat(50_000)}@@@${'a.'.repeat(20_000)}`, NONE);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
