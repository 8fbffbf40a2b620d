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
