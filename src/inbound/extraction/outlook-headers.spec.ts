import { headerBlockAt, headerKind, separatorAt } from './outlook-headers';

describe('Outlook header blocks and separators', () => {
  it.each([
    ['From: Ann <ann@example.com>', 'from'],
    ['*Von:* Adam Mustermann [mailto:adam@example.com]', 'from'],
    ['** De : Prete.fr support@prete.fr **', 'from'],
    ['Envoyé le :jeudi 15 décembre 2016 09:35', 'date'],
    ['Verzonden: maandag 5 december 2016 17:00', 'date'],
    ['\u200f\u200fتم الإرسال: Monday, May 20, 2024', 'date'],
    ['发送时间: 2017年8月2日 15:37', 'date'],
    ['Onderwerp: Hallo', 'subject'],
    ['Emne: Filerne', 'subject'],
  ])('reads the field of %s', (line, kind) => {
    expect(headerKind(line)).toBe(kind);
  });

  it.each([
    [
      [
        'Von: John <service@example.de>',
        'Gesendet: Donnerstag, 23. März 2023 17:11',
        'An: x@example.de',
        'Betreff: AW: Hi',
      ],
    ],
    [
      [
        'Da: Company<mailto:q@company.com>',
        'Inviato: martedì 3 gennaio 2017 10:35',
        'A: someone@example.it',
        'Oggetto: Ciao',
      ],
    ],
    [['Från: Ann', 'Skickat: den 3 maj 2024 10:00', 'Till: Bo', 'Ämne: Hej']],
    [['Od: Anna', 'Wysłano: 3 maja 2024 10:00', 'Do: Bob', 'Temat: Cześć']],
    [['От: Анна', 'Отправлено: 3 мая 2024 г. 10:00', 'Кому: Борис', 'Тема: Привет']],
    [
      [
        '      De : Someone <someone@yahoo.fr>',
        ' À : mycompany <q@mycompany.com>',
        ' Envoyé le : Mercredi 30 novembre 2016 10h30',
      ],
    ],
  ])('detects a header block %#', (lines) => {
    expect(headerBlockAt(lines, 0)).toBe(true);
  });

  it('does not take an itinerary for a header block', () => {
    expect(headerBlockAt(['From: Paris', 'To: London', '', 'See you there'], 0)).toBe(false);
  });

  it.each([
    '-----Original Message-----',
    '-------- Ursprüngliche Nachricht --------Von: "x"  Datum: 07.08.24 An: Betreff: Rücksendung',
    '---------- Forwarded message ---------',
    '-----Oprindelig meddelelse-----',
    'Begin forwarded message:',
  ])('detects the separator %s', (line) => {
    expect(separatorAt([line, 'From: a@example.com', 'Date: today', 'Subject: x'], 0)).toBe(true);
  });

  it('does not treat a framed heading in prose as a separator', () => {
    expect(separatorAt(['---- Summary ----', 'We agreed on three things.'], 0)).toBe(false);
  });
});

describe('header blocks and separators in more languages', () => {
  it.each([
    [['Từ: Ann <ann@example.com>', 'Đã gửi: Thứ Hai, 3 tháng 6, 2024 10:00', 'Đến: Bob', 'Chủ đề: Hi']],
    [['Dari: Ann <ann@example.com>', 'Dikirim: Senin, 03 Juni 2024 10.00', 'Kepada: Bob', 'Perihal: Hi']],
    [['De la: Ann <ann@example.com>', 'Trimis: luni, 3 iunie 2024 10:00', 'Către: Bob', 'Subiect: Hi']],
    [['От: Ann <ann@example.com>', 'Изпратено: понеделник, 3 юни 2024 г. 10:00', 'До: Bob', 'Относно: Hi']],
    [
      [
        'Šalje: Ann <ann@example.com>',
        'Poslano: ponedjeljak, 3. lipnja 2024. 10:00',
        'Prima: Bob',
        'Predmet: Hi',
      ],
    ],
    [['De: Ann <ann@example.com>', 'Enviat: dilluns, 3 de juny de 2024 10:00', 'Per a: Bob', 'Assumpte: Hi']],
    [['จาก: Ann <ann@example.com>', 'ส่ง: 3 มิถุนายน 2024 10:00', 'ถึง: Bob', 'เรื่อง: Hi']],
  ])('finds the block %j', (lines) => {
    expect(headerBlockAt(lines, 0)).toBe(true);
  });

  it.each([
    '-------- Αρχικό μήνυμα --------',
    '-------- Исходное сообщение --------',
    '----- Pesan Asli -----',
    '-------- Thư gốc --------',
    '-------- Оригинално съобщение --------',
    '-------- ข้อความต้นฉบับ --------',
    '---------- 转发的邮件 ----------',
    '----- Mail original -----',
  ])('reads %s as a separator with or without headers below', (line) => {
    expect(separatorAt([line, 'Old text'], 0)).toBe(true);
  });
});
