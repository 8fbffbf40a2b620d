import { findContactDetails } from '../../src/inbound/checks/contact-details';
import { loadReplyCorpus } from '../support/reply-corpus';

const NONE = { allow: [], keywords: [] };

/** Corpus replies whose new text does share contact details (signatures with phones, addresses, handles). */
const SHARES_DETAILS = [
  'crisp-emoji',
  'crisp-tricky-16',
  'crisp-tricky-4',
  'edge-signature',
  'exr-german-footer-2',
  'mpr-outlook',
  'wd-custom-quote-header',
];

/** Contact details in the many ways young people share them: every one must be held. */
const SHARED = [
  'my number is 07700 900123',
  'call 07700900123',
  'ring me +44 7700 900123',
  '+1 (415) 555-2671',
  '415-555-2671',
  '415.555.2671',
  'text 0033 6 12 34 56 78',
  '06 12 34 56 78',
  '+33 6 12 34 56 78',
  '0176 12345678',
  '+49 176 12345678',
  '(020) 7946 0958',
  '020 7946 0958',
  '+91 98765 43210',
  '98765 43210',
  'zoe@gmail.com',
  'zoe.quill@outlook.com',
  'z.q.2009@yahoo.co.uk',
  'ZOE@ICLOUD.COM',
  'zoe at gmail dot com',
  'zoe [at] gmail [dot] com',
  'email me zoe_q+1@proton.me',
  '@zoeq',
  '@zoe.quill',
  'follow me @zoe_2009',
  'my insta is zoe.q',
  'insta: zoe.q',
  'IG: zoeq09',
  'snap: zoeq',
  'add me on snapchat',
  'add me on snap',
  'dm me on insta',
  'find me on tiktok',
  'my tiktok is zoeq',
  'tiktok: zoeq',
  'my discord is zoeq',
  'discord: zoeq#1234',
  'message me on whatsapp',
  'whatsapp: 07700900123',
  'my telegram handle is zoeq',
  'https://zoom.us/j/1234567890',
  'zoom.us/j/1234567890?pwd=abc',
  'https://meet.google.com/abc-defg-hij',
  'meet.google.com/abc-defg-hij',
  'https://teams.microsoft.com/l/meetup-join/abc',
  'https://whereby.com/zoeq',
  'https://discord.gg/abcd',
  'https://t.me/zoeq',
  'https://wa.me/447700900123',
  'https://chat.whatsapp.com/AbCdEf',
  'https://www.instagram.com/zoe.q',
  'https://snapchat.com/add/zoeq',
  'https://www.tiktok.com/@zoeq',
  'https://www.facebook.com/zoe.quill',
  'https://meet.jit.si/zoeroom',
  'I live at 12 Oak Tree Road',
  '221B Baker Street',
  'come to 5 Station Lane',
  '44 Park Avenue',
  'SW1A 1AA',
  'postcode M1 1AE',
  'flat 4',
  'apartment 12B',
  '90210-1234',
  'my address is 17 High Street',
];

describe('the contact-detail filter over real replies and shared details', () => {
  it('holds at most 2 % of the ordinary replies of the reply corpus', async () => {
    const corpus = await loadReplyCorpus();
    const held = corpus.filter((c) => findContactDetails(c.labels[0] ?? '', NONE).length > 0).map((c) => c.id);
    // Replies that really share contact details (a signature, an address, a handle) are held rightly:
    // named here, so that holding or no longer holding one is a decision.
    const ordinary = corpus.filter((c) => !SHARES_DETAILS.includes(c.id));
    const falseHolds = held.filter((id) => !SHARES_DETAILS.includes(id));
    expect(ordinary.length).toBeGreaterThan(100);
    expect(falseHolds.length / ordinary.length).toBeLessThanOrEqual(0.02);
    expect(falseHolds).toEqual([]);
    expect(SHARES_DETAILS.filter((id) => !held.includes(id))).toEqual([]);
  });

  it('holds at least 95 % of messages that share a phone, an email, a handle, a link or an address', () => {
    const missed = SHARED.filter((text) => findContactDetails(`Hi! ${text} - see you`, NONE).length === 0);
    expect(missed.length / SHARED.length).toBeLessThanOrEqual(0.05);
    expect(missed).toEqual([]);
  });
});
