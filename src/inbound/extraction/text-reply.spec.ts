import { extractFromText } from './text-reply';

const reply = (text: string): string => extractFromText(text).reply;

describe('plain-text reply rules', () => {
  it('removes ">" quotes and the attribution above them', () => {
    const text =
      'Sounds good.\n\nOn Mon, 3 Jun 2024 at 10:00, Ann <ann@example.com> wrote:\n> Shall we meet?\n>\n> Ann\n';
    const r = extractFromText(text);
    expect(r.reply).toBe('Sounds good.');
    expect(r.quoted).toContain('> Shall we meet?');
    expect(r.foundMarker).toBe(true);
  });

  it('drops unquoted history below an attribution, whatever the language', () => {
    expect(reply('Hola\n\nEl vie, 3 mar 2023 9:21, Ann <a@example.com> escribió:\n\nTexto viejo')).toBe(
      'Hola',
    );
    expect(reply('Hej\n\nDen 24. nov. 2025 kl. 10.00 skrev Peter <p@example.com>:\nGammel tekst')).toBe(
      'Hej',
    );
  });

  it('drops everything below an Outlook header block, with a rule above it', () => {
    const text = [
      'Danke.',
      '',
      '________________________________',
      '*Von:* Adam [mailto:adam@example.com]',
      '*Gesendet:* Dienstag, 3. Jänner 2017 20:00',
      '*An:* Eva',
      '*Betreff:* Hallo',
      '',
      'Alter Text',
    ].join('\n');
    expect(reply(text)).toBe('Danke.');
  });

  it('drops everything below an "Original Message" separator', () => {
    expect(reply('Yes.\n-----Original Message-----\nFrom: a@example.com\nSent: today\nOld')).toBe('Yes.');
  });

  it('keeps every block of an inline reply, joined by one blank line', () => {
    const text = [
      'On Dec 15, 2024, at 2:00 PM, Jane <jane@example.com> wrote:',
      '> Option A?',
      'A is great.',
      '> Option B?',
      '',
      'B has drawbacks.',
      '',
    ].join('\n');
    expect(reply(text)).toBe('A is great.\n\nB has drawbacks.');
  });

  it('treats unquoted overflow of a re-wrapped quote line as part of the quote', () => {
    const text = [
      'My answer.',
      '',
      'On 1 Jan 2024, Ann <a@example.com> wrote:',
      '> Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nullam pharetra d',
      'ignissim odio?',
      '>',
    ].join('\n');
    expect(reply(text)).toBe('My answer.');
  });

  it('reads unquoted text between a quote and later unquoted history as history', () => {
    const text = [
      'First reply.',
      'On 1 Jan 2023, John <j@example.com> wrote:',
      '> second',
      '',
      'Third reply',
      '',
      'On 7 Aug 2022, John <j@example.com> wrote:',
      '',
      'Fourth',
    ].join('\n');
    expect(reply(text)).toBe('First reply.');
  });

  it('cuts signatures and footers but keeps undelimited sign-offs', () => {
    expect(reply('Thanks,\nAnn\n-- \nAnn Lee\nACME Corp')).toBe('Thanks,\nAnn');
    expect(reply('Fine by me.\n\nSent from my iPhone')).toBe('Fine by me.');
    expect(
      reply(
        'Great thanks Bort.\nBraxton\n\nSent from Mail for Windows 10\n\nFrom: Bort\nSent: April 9, 2020 2:02 PM\nTo: b@example.com\nSubject: Re: x',
      ),
    ).toBe('Great thanks Bort.\nBraxton');
  });

  it('keeps prose that only looks like a marker', () => {
    const text = 'Something wrote:\nOn the one hand, yes.\nAnd a fix -- not a signature.';
    const r = extractFromText(text);
    expect(r.reply).toBe(text);
    expect(r.foundMarker).toBe(false);
  });

  it('returns an empty reply for a message that only quotes', () => {
    expect(reply('On Mon, 3 Jun 2024, Ann <ann@example.com> wrote:\n> hello\n')).toBe('');
  });
});

describe("text after a quote is the author's", () => {
  it('keeps the answer under a mailing-list "From:" / "Date:" block above a ">" quote', () => {
    const text = [
      'From: Joe Bloggs <joe@example.com>',
      'Date: Mon, 3 Jun 2024 10:00:00 +0200',
      'Subject: [PATCH] fix the frobnicator',
      '',
      '> This patch fixes the frobnicator.',
      '>',
      '> Signed-off-by: Joe Bloggs <joe@example.com>',
      '',
      'Applied, thanks.',
    ].join('\n');
    const r = extractFromText(text);
    expect(r.reply).toBe('Applied, thanks.');
    expect(r.quoted).toContain('From: Joe Bloggs');
  });

  it('still cuts a header block above unquoted history', () => {
    const text = 'Yes.\n\nFrom: Joe <joe@example.com>\nDate: Mon, 3 Jun 2024\n\nOld text';
    expect(reply(text)).toBe('Yes.');
  });

  it.each([
    ['"X wrote:" without a date', 'Joe wrote:'],
    ['"X writes:" without an address', 'Joe Bloggs writes:'],
    ['an address and a colon', 'Joe Bloggs <joe@example.com>:'],
    ['sup and alot', "Excerpts from Joe Bloggs's message of 2011-03-01 10:00:00 +0100:"],
    ['Horde', 'Quoting Joe Bloggs <joe@example.com>:'],
    ['a colon-less "Quoting"', 'Quoting Joe Bloggs (2024-06-03 10:00:00)'],
    ['mutt', '* Joe Bloggs <joe@example.com> [2024-06-03 10:00]:'],
    ['a translated "wrote"', 'Jan schrieb:'],
  ])('removes an attribution right above a quote (%s) and keeps the answer below', (_, attribution) => {
    const text = `${attribution}\n> Shall we meet on Monday?\n>\n\nMonday works for me.\n`;
    expect(reply(text)).toBe('Monday works for me.');
  });

  it('keeps a line that only reads like an attribution when no quote follows', () => {
    expect(reply('Joe wrote:\nthe plan is fine.')).toBe('Joe wrote:\nthe plan is fine.');
  });

  it('keeps a greeting and a free-form lead-in above quotes, with every answer', () => {
    const text = [
      'Hi all,',
      '',
      'Joe had this to say:',
      '> Shall we meet on Monday?',
      'Monday works.',
      '> And Tuesday?',
      'No.',
      '',
      'On Mon, 3 Jun 2024, Ann <ann@example.com> wrote:',
      'Old unquoted history',
    ].join('\n');
    expect(reply(text)).toBe('Hi all,\n\nJoe had this to say:\n\nMonday works.\n\nNo.');
  });

  it('keeps a bottom-posted answer under a greeting when history follows it', () => {
    const text = [
      'Hi Ann,',
      '',
      'On Mon, 3 Jun 2024, Ann <ann@example.com> wrote:',
      '> Shall we meet?',
      '',
      'Yes, Monday.',
      '',
      '-----Original Message-----',
      'From: Ann',
      'Old',
    ].join('\n');
    expect(reply(text)).toBe('Hi Ann,\n\nYes, Monday.');
  });

  it('keeps prose under an attribution-like sentence that names no message', () => {
    const text = 'Hi Ann,\n\nOn Monday I wrote to the team:\n\nPlease send your CVs.\n\nWhat next?';
    expect(reply(text)).toBe(text);
    expect(reply('Le chef a écrit :\nIl faut finir vendredi.')).toBe(
      'Le chef a écrit :\nIl faut finir vendredi.',
    );
  });
});
