import { buildEmail } from '../factories/emails';
import { spamAssassin } from '../support/spamassassin';

// One SpamAssassin run: loading its rules takes seconds on a shared machine.
jest.setTimeout(120_000);

const SPAM_HTML =
  '<html><body><font color="#ffffff">hidden</font><img src="http://bit.ly/x.png">' +
  '<a href="http://bit.ly/abc">CLICK HERE</a> 100% FREE!!! Cheap viagra, lose weight fast, ' +
  'eliminate bad credit, make $1,000,000 fast, act now, limited time offer!</body></html>';

function spam(n: number): Buffer {
  return Buffer.from(
    buildEmail({
      from: `winner${n}@lottery.example`,
      to: 'amira@student-mail.example',
      subject: `FREE VIAGRA!!! CLAIM YOUR $1,000,000 PRIZE NOW ${n}`,
      html: SPAM_HTML,
    }).raw,
  );
}

function clean(n: number, text: string): Buffer {
  return Buffer.from(
    buildEmail({
      from: `jordan${n}@mentor-mail.example`,
      to: 'amira@student-mail.example',
      subject: `Our call on Thursday (${n})`,
      text,
    }).raw,
  );
}

describe('spamAssassin(): each verdict belongs to its own message', () => {
  it('scores the spammy messages high wherever they sit among clean ones, and the clean ones low', async () => {
    const messages = [
      spam(0),
      clean(1, 'Hi Amira,\n\nThursday at six works for me. Shall we talk about your course?\n\nJordan'),
      // Body lines starting "From " must be quoted in the mbox, or they would split this message in two.
      clean(2, 'Hi Amira,\n\nFrom what you wrote, the course sounds right.\nFrom Jordan, with thanks\n'),
      spam(3),
      // No final newline: the next message's separator must still start on a line of its own.
      Buffer.from(clean(4, 'See you then.').toString().replace(/\r\n$/, '')),
      clean(5, 'Hi Amira,\n\nI have read your timeline twice. The move to Leeds was brave.\n\nJordan'),
      spam(6),
    ];
    const verdicts = await spamAssassin(messages);
    const high = verdicts.flatMap((v, i) => (v.score >= 5 ? [i] : []));
    const low = verdicts.flatMap((v, i) => (v.score < 2 ? [i] : []));
    expect({ high, low }).toEqual({ high: [0, 3, 6], low: [1, 2, 4, 5] });
    // The rules behind a spam verdict are spam rules; a clean message carries none of them.
    for (const i of [0, 3, 6]) expect(verdicts[i].rules.map((r) => r.name)).toContain('DRUG_ED_CAPS');
    for (const i of [1, 2, 4, 5]) expect(verdicts[i].rules.map((r) => r.name)).not.toContain('DRUG_ED_CAPS');
    // The points listed add up to the score SpamAssassin gave that message.
    for (const v of verdicts) {
      const sum = v.rules.reduce((s, r) => s + r.points, 0);
      expect(Math.abs(sum - v.score)).toBeLessThan(0.05 * (v.rules.length + 1));
    }
  });
});
