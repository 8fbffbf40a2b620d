import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { PairingWorld } from '../factories/pairing.factory';
import { everything, leaksIn } from '../security/leaks-support';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { pairingWith } from './support/outbound-world';

/**
 * What an author formatted arrives formatted: replies written in ten real clients' HTML shapes
 * (test/fixtures/emails/clients) go through SMTP to a pairing, and the relayed .eml keeps the
 * link targets, lists, emphasis and inline images of the new text, without the quote; its text
 * part keeps every URL.
 */

const FIXTURES = path.resolve(__dirname, '../fixtures/emails/clients');
const MENTOR = 'maria.quillfeather@mentor-mail.example';
const MENTEE = 'tom.brightwater@student-mail.example';

interface ClientCase {
  file: string;
  /** A word of the subject that names the client, to find its relayed copy. */
  tag: string;
  links: Record<string, string>;
  items: string[];
  list: 'ul' | 'ol';
  bold: string;
  italic: string;
  images: number;
  quoted: string;
}

const EN_LINKS = (ref: string) => ({
  'the article on first jobs': `https://careers.example.org/articles/first-job?ref=${ref}`,
  'this template': 'https://blog.example.net/brag-doc',
});
const EN = {
  items: ['Ask about the training budget', 'Keep a brag document, see this template'],
  bold: 'Ask',
  italic: 'brag document',
  quoted: 'Could you send me the article',
};

const CLIENTS: ClientCase[] = [
  { file: 'gmail.eml', tag: 'Gmail', list: 'ul', images: 1, ...EN, links: EN_LINKS('gmail&lang=en') },
  {
    file: 'outlook-desktop.eml',
    tag: 'Outlook desktop',
    list: 'ul',
    images: 1,
    ...EN,
    links: EN_LINKS('outlook'),
  },
  { file: 'outlook-web.eml', tag: 'Outlook web', list: 'ul', images: 1, ...EN, links: EN_LINKS('owa') },
  {
    file: 'outlook-ios.eml',
    tag: 'Outlook iOS',
    list: 'ol',
    images: 0,
    ...EN,
    links: EN_LINKS('outlook-ios'),
  },
  { file: 'apple-mail.eml', tag: 'Apple Mail', list: 'ul', images: 1, ...EN, links: EN_LINKS('apple') },
  { file: 'iphone-mail.eml', tag: 'iPhone Mail', list: 'ul', images: 1, ...EN, links: EN_LINKS('iphone') },
  {
    file: 'thunderbird.eml',
    tag: 'Thunderbird',
    list: 'ol',
    images: 1,
    ...EN,
    links: EN_LINKS('thunderbird'),
  },
  {
    file: 'gmx.eml',
    tag: 'GMX',
    list: 'ul',
    images: 0,
    links: {
      'der Artikel zum ersten Job': 'https://karriere.example.de/artikel/erster-job?ref=gmx',
      'diese Vorlage': 'https://blog.example.net/brag-doc',
    },
    items: ['Frag nach dem Weiterbildungsbudget', 'Führe ein Erfolgstagebuch, siehe diese Vorlage'],
    bold: 'Frag',
    italic: 'Erfolgstagebuch',
    quoted: 'Kannst du mir den Artikel',
  },
  {
    file: 'orange-fr.eml',
    tag: 'Orange',
    list: 'ul',
    images: 0,
    links: {
      "l'article sur le premier emploi": 'https://carrieres.example.fr/articles/premier-emploi?ref=orange',
      'ce site': 'https://www.formation.example.fr/droits',
    },
    items: ['Demander le budget formation, voir ce site', 'Tenir un journal des réussites'],
    bold: 'Demander',
    italic: 'journal des réussites',
    quoted: "Pourriez-vous m'envoyer",
  },
];

/** The fixture as its author sends it to this pairing's relay address. */
function addressed(file: string, relay: string): string {
  return readFileSync(path.join(FIXTURES, file), 'utf8').replace(/^To: .*$/m, `To: <${relay}>`);
}

describe('relay fidelity: replies from real clients keep their formatting', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  const relayed = new Map<string, { raw: string; parsed: ParsedMail; html: string }>();

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const port = running.app.get(SmtpListener).port!;
    for (const c of CLIENTS) {
      const raw = addressed(c.file, world.pairing.relayAddress);
      const sent = await SmtpTestClient.sendOnce(port, {
        from: MENTOR,
        to: [world.pairing.relayAddress],
        raw,
      });
      expect(sent.data?.code).toBe(250);
    }
    const copies = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === MENTEE);
      return out.length >= CLIENTS.length ? out : null;
    }, 90_000);
    for (const c of CLIENTS) {
      const copy = copies.find((m) => (m.parsed.subject ?? '').includes(`(${c.tag})`));
      if (!copy) throw new Error(`no relayed copy for ${c.tag}`);
      // Parsed again keeping cid: links (readOutbox's parse inlines the images as data: URLs).
      const html = String((await simpleParser(copy.raw, { keepCidLinks: true })).html);
      relayed.set(c.tag, { raw: copy.raw, parsed: copy.parsed, html });
    }
  }, 150_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  describe.each(CLIENTS.map((c) => [c.tag, c] as const))('%s', (_tag, c) => {
    it('keeps link targets, the list and emphasis in the HTML part', () => {
      const $ = load(relayed.get(c.tag)!.html);
      for (const [text, href] of Object.entries(c.links)) {
        const link = $('a').filter((_, a) => $(a).text().trim() === text);
        expect(link.attr('href')).toBe(href);
      }
      const items = $(`${c.list} > li`)
        .map((_, li) => $(li).text().replace(/\s+/g, ' ').trim())
        .get();
      expect(items).toEqual(c.items);
      expect($('b, strong').filter((_, b) => $(b).text().trim() === c.bold)).toHaveLength(1);
      expect($('i, em').filter((_, i) => $(i).text().trim() === c.italic)).toHaveLength(1);
    });

    it('shows its inline images inline, each a part of the relayed email', () => {
      const { parsed, html } = relayed.get(c.tag)!;
      const shown = [...html.matchAll(/<img[^>]*src="cid:([^"]+)"/g)].map((m) => m[1]);
      expect(shown).toHaveLength(c.images);
      const parts = parsed.attachments.map((a) => (a.contentId ?? '').replace(/^<|>$/g, ''));
      for (const cid of shown) expect(parts).toContain(cid);
      // In place, within the author's words, not appended after them.
      if (c.images) expect(html.indexOf('<img')).toBeLessThan(html.indexOf('Maria</'));
    });

    it('leaves the quote out of both parts', () => {
      const { parsed, html } = relayed.get(c.tag)!;
      expect(html).not.toContain(c.quoted);
      expect(parsed.text).not.toContain(c.quoted);
      expect(html).not.toMatch(/blockquote|gmail_quote|divRplyFwdMsg|style="font-family: Aptos/);
    });

    it('keeps every URL in the text part', () => {
      const text = relayed.get(c.tag)!.parsed.text ?? '';
      for (const href of Object.values(c.links)) expect(text).toContain(href);
      for (const item of c.items) expect(text.replace(/\s+/g, ' ')).toContain(item.split(',')[0]);
    });

    it('names neither participant by address', async () => {
      const { raw } = relayed.get(c.tag)!;
      const seen = await everything(raw.replace(/^To:.*(\r?\n[ \t].*)*/im, ''));
      expect(leaksIn(seen, [MENTOR, MENTEE])).toEqual([]);
    });
  });
});
