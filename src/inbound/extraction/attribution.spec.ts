import { attributionAt, looksLikeAttribution } from './attribution';

describe('attribution lines', () => {
  it.each([
    'On Tue, 1 Mar 2011 at 18:02, Ann Lee <ann@example.com> wrote:',
    'Am 13.12.2017 21:11 schrieb "John Doe" <john@example.com>:',
    'Le lun. 15 nov. 2021 à 19:42, John <john@example.com> a écrit :',
    'El vie, 3 de marzo de 2023 a la(s) 9:21 a.m., Ann <ann@example.com> escribió:',
    'Il giorno 8 dic 2016, alle ore 10:35, Ann <ann@example.com> ha scritto:',
    'Em sex., 17 de mai. de 2024 às 17:37, Ann <ann@example.com> escreveu:',
    'Op 12 december 2016 19:05 schreef Ann <ann@example.com>:',
    'W dniu 2023-01-20 21:31:20 użytkownik ann@example.com napisał:',
    'Dne út 7. 5. 2024 8:01 uživatel Ann <ann@example.com> napsal:',
    '29 грудня 2017 р. о 19:09 <support@example.com> написав:',
    '2017年1月1日 下午9:00，Ann <ann@example.com> 写道：',
    '2017. 1. 1. 오후 9:00, 홍길동 <ann@example.com>님이 작성:',
    'Den 24. nov. 2025 kl. 10.00 skrev Peter <peter@example.com>:',
    'pe 20. lokakuuta 2017 klo 17.50 Ann <ann@example.com> kirjoitti:',
    '3 Oca 2024 Çar 10:00 tarihinde Ann <ann@example.com> şunu yazdı:',
    'Στις Τετ, 17 Απρ 2024, 8:02 μ.μ. ο χρήστης Ann ann@example.com έγραψε:',
    '2013.02.08. 7:31 keltezéssel, "Ann" írta:',
    '30.09.2017, 18.30, "John - Doe" <john@example.com>:',
    'support@example.com schrieb am Mo., 13. Apr. 2026, 09:07:',
    'On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote',
  ])('recognises %s', (line) => {
    expect(looksLikeAttribution(line, true)).toBe(true);
  });

  it.each([
    'Something wrote:',
    'On the one hand, there could be a line starting with On.',
    'On Thursday:',
    'I wrote to him on Monday about the plan.',
    'Please answer by 12.05.2024 with your thoughts.',
  ])('leaves prose alone: %s', (line) => {
    expect(looksLikeAttribution(line, true)).toBe(false);
  });

  it('joins an attribution wrapped over three lines', () => {
    const lines = ['On Wed, Dec 9, Mister Example', '<mr@example.com>', 'wrote:', '> hi'];
    expect(attributionAt(lines, 0)).toBe(3);
  });

  it('leaves a line above a wrapped attribution to the reply', () => {
    const lines = ['Am heutigen Tage', 'Am So., 1. Jan. 2023 um 17:22 Uhr schrieb John <', 'j@example.com>:'];
    expect(attributionAt(lines, 0)).toBe(0);
    expect(attributionAt(lines, 1)).toBe(2);
  });

  it('accepts a wrapped address that leaves ">:" on its own line', () => {
    const lines = ['tir. 18. apr. 2017 kl. 13:09 skrev Test <test@example.com', '>:', '> Ok.'];
    expect(attributionAt(lines, 0)).toBe(2);
  });
});

describe('attribution lines in more languages', () => {
  it.each([
    'Vào Th 2, 3 thg 6, 2024 vào lúc 10:00 Ann <ann@example.com> đã viết:',
    'Pada tanggal Sen, 3 Jun 2024 pukul 10.00 Ann <ann@example.com> menulis:',
    'у пон, 3. јун 2024. у 10:00 Ann <ann@example.com> је написао/ла:',
    'در تاریخ دوشنبه ۳ ژوئن ۲۰۲۴، ۱۰:۰۰ Ann <ann@example.com> نوشت:',
    'O 3 de xuñ. de 2024, 10:00, Ann <ann@example.com> escribiu:',
    'ส่งเมื่อ จ. 3 มิ.ย. 2024 เวลา 10:00 Ann <ann@example.com> เขียนว่า:',
    '2024/06/03 10:00、Ann <ann@example.com>のメール:',
    'Op 3 jun 2024 om 10:00 heeft Ann <ann@example.com> het volgende geschreven:',
    'Op 3 jun 2024 heeft Ann het volgende geschreven:',
  ])('recognises %s', (line) => {
    expect(looksLikeAttribution(line, true)).toBe(true);
  });
});
