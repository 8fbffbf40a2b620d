import { load as mainLoad } from 'cheerio';
import { load as slimLoad } from 'cheerio/slim';
import { HELDOUT_REPLIES_DIR, loadReplyCorpus, REPLY_CORPUS_DIR } from '../../../test/support/reply-corpus';
import { PARSE_OPTIONS } from './html-quotes';

/**
 * The app loads cheerio's `slim` entry (see PARSE_OPTIONS): with our options it must build and
 * print every mail's HTML exactly as the main entry does, or a cheerio upgrade that made them
 * differ would change extraction and relayed HTML without a word.
 */
describe("cheerio's slim entry with PARSE_OPTIONS", () => {
  it('parses and prints every corpus email with HTML as the main entry does', async () => {
    const cases = [...(await loadReplyCorpus(REPLY_CORPUS_DIR)), ...(await loadReplyCorpus(HELDOUT_REPLIES_DIR))];
    const htmls = cases.flatMap((c) => (c.html ? [c.html] : []));
    expect(htmls.length).toBeGreaterThanOrEqual(100);
    for (const html of htmls) {
      expect(slimLoad(html, PARSE_OPTIONS).html()).toBe(mainLoad(html, PARSE_OPTIONS).html());
      expect(slimLoad(html, PARSE_OPTIONS, false).html()).toBe(mainLoad(html, PARSE_OPTIONS, false).html());
      expect(slimLoad(html, PARSE_OPTIONS).root().text()).toBe(mainLoad(html, PARSE_OPTIONS).root().text());
    }
  }, 60_000);
});
