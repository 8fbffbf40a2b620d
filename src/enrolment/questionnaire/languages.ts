import { listItems, normalise } from './text-match';

/** Language names people write, in English and in the language itself, to one English name. */
const LANGUAGES: Record<string, string[]> = {
  english: ['en', 'inglés', 'ingles', 'anglais', 'englisch'],
  spanish: ['es', 'español', 'espanol', 'castellano', 'espagnol', 'spanisch'],
  french: ['fr', 'français', 'francais', 'francés', 'frances', 'französisch'],
  german: ['de', 'deutsch', 'alemán', 'aleman', 'allemand'],
  portuguese: ['pt', 'português', 'portugues', 'brazilian portuguese'],
  italian: ['it', 'italiano'],
  dutch: ['nl', 'nederlands', 'flemish'],
  polish: ['pl', 'polski'],
  arabic: ['ar', 'عربي'],
  mandarin: ['zh', 'chinese', 'mandarin chinese', 'putonghua'],
  cantonese: ['yue'],
  hindi: ['hi'],
  urdu: ['ur'],
  bengali: ['bn', 'bangla'],
  punjabi: ['pa', 'panjabi'],
  tamil: ['ta'],
  japanese: ['ja', 'nihongo'],
  korean: ['ko'],
  russian: ['ru', 'русский'],
  ukrainian: ['uk', 'українська'],
  turkish: ['tr', 'türkçe', 'turkce'],
  greek: ['el'],
  swahili: ['sw', 'kiswahili'],
  yoruba: ['yo'],
  igbo: ['ig'],
  hausa: ['ha'],
  amharic: ['am'],
  somali: ['so'],
  farsi: ['fa', 'persian'],
  vietnamese: ['vi', 'tiếng việt'],
  tagalog: ['tl', 'filipino'],
  romanian: ['ro', 'română'],
  swedish: ['sv', 'svenska'],
  norwegian: ['no', 'norsk'],
  danish: ['da', 'dansk'],
  finnish: ['fi', 'suomi'],
  hebrew: ['he', 'ivrit'],
  welsh: ['cy', 'cymraeg'],
  irish: ['ga', 'gaeilge'],
  bsl: ['british sign language', 'sign language'],
  asl: ['american sign language'],
};

const BY_NAME = new Map<string, string>();
for (const [name, others] of Object.entries(LANGUAGES)) {
  BY_NAME.set(normalise(name), name);
  for (const other of others) BY_NAME.set(normalise(other), name);
}

/** The language a word or phrase names, as a lower-case English name, or null. */
export function languageName(text: string): string | null {
  const words = normalise(text);
  if (BY_NAME.has(words)) return BY_NAME.get(words)!;
  // "fluent Spanish", "some French (basic)": the longest known name inside wins.
  const tokens = words.split(' ');
  for (let size = Math.min(3, tokens.length); size >= 1; size--) {
    for (let i = 0; i + size <= tokens.length; i++) {
      const phrase = tokens.slice(i, i + size).join(' ');
      // Two-letter codes only as the whole item: "no" and "it" are words too.
      if (phrase.length > 2 && BY_NAME.has(phrase)) return BY_NAME.get(phrase)!;
    }
  }
  return null;
}

/** "English, Spanish (native) and some French" -> ['english', 'spanish', 'french']. */
export function parseLanguages(text: string): string[] {
  const found: string[] = [];
  for (const item of listItems(text.replace(/\([^()]*\)/g, ' '))) {
    const name = languageName(item);
    if (name && !found.includes(name)) found.push(name);
  }
  return found;
}
