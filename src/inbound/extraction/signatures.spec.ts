import { isClientFooter, isSignatureDelimiter } from './signatures';

describe('signatures and client footers', () => {
  it.each(['-- ', '--', '__________________', '—'])('%j is a signature delimiter', (line) => {
    expect(isSignatureDelimiter(line)).toBe(true);
  });

  it.each(['And here is a fix -- this is not a signature.', '---', '- item'])(
    '%j is not a signature delimiter',
    (line) => {
      expect(isSignatureDelimiter(line)).toBe(false);
    },
  );

  it.each([
    'Sent from my iPhone',
    'Sent from my Wiko RIDGE FAB 4G',
    'Sent from Mail for Windows 10',
    'Sent via mobile device',
    'Get Outlook for iOS<https://aka.ms/o0ukef>',
    'Get Outlook for Android <https://example.com/x>',
    'Outlook für iOS beziehen <https://example.com/x>',
    'Obter o Outlook para Android',
    'Envoyé de mon iPhone',
    'Envoyé à partir de mon iPhone',
    'Von meinem iPhone gesendet',
    'Gesendet von meinem BlackBerry 10-Smartphone.',
    'Enviado do meu iPhone',
    'Enviado desde mi iPhone',
    'Lähetetty iPhonesta',
    'Verzonden vanaf mijn iPhone',
    '\u202bأُرسلت من الـ iPhone\u202c',
  ])('%j is a client footer', (line) => {
    expect(isClientFooter(line)).toBe(true);
  });

  it.each([
    'Sent from my desk, is much easier then my mobile phone.',
    'Sent it to you from the office yesterday',
    'Thanks, Ann',
  ])('%j is not a client footer', (line) => {
    expect(isClientFooter(line)).toBe(false);
  });
});

describe('client footers in more languages', () => {
  it.each([
    'Gửi từ iPhone của tôi',
    'Dikirim dari iPhone saya',
    "iPhone'umdan gönderildi",
    'Στάλθηκε από το iPhone μου',
    'נשלח מה-iPhone שלי',
    'Az iPhone-omról küldve',
    'Odesláno z iPhonu',
    'Poslano s mog iPhonea',
    'Enviat des del meu iPhone',
    '发自我的iPhone',
    'ส่งจาก iPhone ของฉัน',
    'Verstuurd vanaf mijn iPhone',
    'Отправлено из мобильной Почты Mail.ru',
    'Sent via Superhuman',
  ])('recognises %s', (line) => {
    expect(isClientFooter(line)).toBe(true);
  });

  it.each(['Sent from the office after the meeting, as promised', 'Gui tu nhieu nguoi ban'])(
    'leaves prose alone: %s',
    (line) => {
      expect(isClientFooter(line)).toBe(false);
    },
  );
});
