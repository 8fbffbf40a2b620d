import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileMjml } from './mjml-compiler';
import { SAMPLE_PROMPT_PROPS, SAMPLE_PROPS, sampleInput } from './sample-props';
import {
  isLibraryPromptTemplate,
  libraryPromptTemplate,
  TEMPLATE_NAMES,
  type TemplateInput,
} from './template-catalog';
import { TemplateCompileError, TemplateRenderError } from './template-errors';
import { MAX_HTML_BYTES, TemplateRenderer, templateFiles } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

const templatesDir = resolveTemplatesDir();
const names = [...templateFiles(realpathSync(templatesDir)).keys()];
const inputs = names.map(sampleInput);
const MOODBOARD = libraryPromptTemplate('goals-moodboard');

function withTemplatesCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-templates-'));
  cpSync(templatesDir, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('TemplateRenderer', () => {
  let renderer: TemplateRenderer;
  const tempDirs: string[] = [];

  beforeAll(async () => {
    renderer = await TemplateRenderer.compileAll(templatesDir);
  }, 30_000);

  afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('compiles every catalogued template and one per library prompt file', () => {
    expect(renderer.templateNames).toEqual(names);
    for (const name of TEMPLATE_NAMES) expect(renderer.templateNames).toContain(name);
    expect(renderer.templateNames.filter(isLibraryPromptTemplate).length).toBeGreaterThanOrEqual(25);
    expect(renderer.fileOf(MOODBOARD)).toBe('prompts/goals-moodboard.mjml');
  });

  describe.each(inputs)('$name', (input) => {
    it('renders HTML and text with every placeholder filled', () => {
      const out = renderer.renderInput(input);
      expect(out.templateName).toBe(input.name);
      expect(out.subject.length).toBeGreaterThan(3);
      for (const part of [out.subject, out.html, out.text]) {
        expect(part).not.toMatch(/\{\{|\}\}/);
      }
      expect(out.html).toMatch(/^<!doctype html>/i);
      expect(out.text).toContain(input.props.programmeName);
      expect(out.text).not.toMatch(/<[a-z]/i);
    });

    it('sets lang from the locale, gives every image alt text, and stays under the size limit', () => {
      const out = renderer.renderInput({
        ...input,
        props: { ...input.props, lang: 'fr-CA' },
      } as TemplateInput);
      expect(out.html).toMatch(/<html lang="fr-CA"/);
      for (const img of out.html.match(/<img\b[^>]*>/g) ?? []) {
        expect(img).toMatch(/\balt="[^"]+"/);
      }
      expect(Buffer.byteLength(out.html)).toBeLessThan(MAX_HTML_BYTES);
    });

    it('escapes values in the HTML and keeps them readable in the text', () => {
      const props = { ...input.props, programmeName: '<script>alert(1)</script> & Co' };
      const out = renderer.renderInput({ ...input, props } as TemplateInput);
      expect(out.html).not.toContain('<script>alert(1)</script>');
      expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
      expect(out.text).toContain('<script>alert(1)</script> & Co');
    });
  });

  it('states who reads a reply, by the partner’s name, with pause and unsubscribe links', () => {
    const mentee = renderer.render(MOODBOARD, SAMPLE_PROMPT_PROPS);
    const mentor = renderer.render(MOODBOARD, {
      ...SAMPLE_PROMPT_PROPS,
      role: 'mentor',
      partnerName: 'Amira',
    });
    expect(mentee.text).toContain('Who reads your reply: Jordan and your programme staff.');
    expect(mentor.text).toContain('Who reads your reply: Amira and your programme staff.');
    // Handlebars escapes "=" as &#x3D;, which browsers decode back inside attributes.
    const attr = (url: string) => `href="${url.replace(/=/g, '&#x3D;')}"`;
    expect(mentee.html).toContain(attr(SAMPLE_PROMPT_PROPS.pauseUrl));
    expect(mentee.html).toContain(attr(SAMPLE_PROMPT_PROPS.unsubscribeUrl));
  });

  it('each kind of email says who reads it: polls staff only, letters only you, notices nobody else', () => {
    const footer = (out: { text: string }) => /\nWho (?:reads|got) [^\n]*/.exec(out.text)?.[0].trim();
    expect([
      footer(renderer.render(MOODBOARD, { ...SAMPLE_PROMPT_PROPS, emailKind: 'poll' })),
      footer(renderer.render(MOODBOARD, { ...SAMPLE_PROMPT_PROPS, emailKind: 'letter' })),
      footer(renderer.render('letter-returned', SAMPLE_PROPS['letter-returned'])),
      footer(renderer.render('digest-weekly', SAMPLE_PROPS['digest-weekly'])),
      footer(renderer.render('notice-command-confirmation', SAMPLE_PROPS['notice-command-confirmation'])),
    ]).toEqual([
      'Who reads your answer: only your programme staff. It is not sent to Jordan.',
      'Who reads your letter: you. It is not sent to Jordan; MentorMail keeps it and sends it back to you alone. Your programme staff see it only if they need to look into the email itself, as with any email sent here.',
      'Who got this letter: only you. If you reply, your reply goes to Jordan, and your programme staff can read it.',
      'Who got this digest: only you. If you reply, your reply goes to Amira, and your programme staff can read it.',
      'Who got this message: only you. It is an automatic message from MentorMail; nobody else got it.',
    ]);
  });

  it('writes each role its own copy from the prompt’s file', () => {
    const mentee = renderer.render(MOODBOARD, SAMPLE_PROMPT_PROPS).text;
    const mentor = renderer.render(MOODBOARD, { ...SAMPLE_PROMPT_PROPS, role: 'mentor' }).text;
    expect(mentor).toContain('your mentee will copy your level of openness');
    expect(mentee).not.toContain('your mentee will copy');
    expect(mentee).toContain('An example answer: A photo of a lab');
    expect(mentor).toContain('An example answer: A photo of a half-built shed');
  });

  it('gives a stranger neither the conversation footer nor pause links', () => {
    const out = renderer.render(
      'notice-rejected-unknown-sender',
      SAMPLE_PROPS['notice-rejected-unknown-sender'],
    );
    expect(out.text).toContain('Who got this message: only you. It is an automatic message from MentorMail');
    expect(out.text).not.toContain('Who reads your reply');
    expect(out.html).not.toContain('Pause prompts');
  });

  it('leaves optional sections out cleanly', () => {
    const { image: _i, link: _l, options: _o, ...bare } = SAMPLE_PROMPT_PROPS;
    const out = renderer.render(MOODBOARD, bare);
    expect(out.html).not.toContain('<img');
    expect(out.text).not.toContain(SAMPLE_PROMPT_PROPS.link!.label);
    expect(out.text).not.toMatch(/\n{3,}/);
    const sort = renderer.render(libraryPromptTemplate('values-card-sort'), bare);
    expect(sort.text).not.toContain('Pick one and reply');
  });

  it.each([
    ['pause', 'Prompts paused'],
    ['resume', 'Welcome back'],
    ['skip', 'Nothing to skip'],
    ['swap', 'Nothing to swap'],
    ['stop', 'No more prompts'],
    ['help', 'What you can do by email'],
  ] as const)('confirms the %s command in its own words', (command, heading) => {
    const out = renderer.render('notice-command-confirmation', {
      ...SAMPLE_PROPS['notice-command-confirmation'],
      command,
    });
    expect(out.text).toContain(heading);
    expect(out.text).toContain('#pause 2: pause prompts for 2 weeks');
  });

  it.each([
    ['closed', 'has been closed'],
    ['paused', 'paused until 16 March'],
    ['not-started', 'has not started yet'],
  ] as const)('explains an inactive pairing that is %s', (reason, phrase) => {
    const props = { ...SAMPLE_PROPS['notice-rejected-inactive-pairing'], reason };
    expect(renderer.render('notice-rejected-inactive-pairing', props).text).toContain(phrase);
  });

  it('numbers poll options and links one-click votes', () => {
    const out = renderer.render(libraryPromptTemplate('pulse-score'), SAMPLE_PROMPT_PROPS);
    expect(out.subject).toBe('Quick poll: Goals moodboard');
    expect(out.text).toContain('1. Career [https://mentormail.example/v/1?t=abc]');
    expect(out.text).toContain('3. Life outside work');
  });

  it('numbers a prompt’s list to pick from, without vote links', () => {
    const out = renderer.render(libraryPromptTemplate('values-card-sort'), SAMPLE_PROMPT_PROPS);
    expect(out.text).toContain('Pick one and reply with its number:\n1. Career\n2. Study');
  });

  it('tells a voter whose prompts are stopped or paused that the chosen day waits for #resume', () => {
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const on = flat(renderer.render('notice-reply-day', SAMPLE_PROPS['notice-reply-day']).text);
    expect(on).toContain('From next week your weekly prompt arrives on');
    for (const promptsOff of ['stopped', 'paused'] as const) {
      const off = flat(
        renderer.render('notice-reply-day', { ...SAMPLE_PROPS['notice-reply-day'], promptsOff }).text,
      );
      expect(off).toContain(`Your prompts are ${promptsOff} for now, so none arrives yet`);
      expect(off).not.toContain('From next week');
    }
  });

  it('returns a letter as escaped paragraphs', () => {
    const letterText = 'First <b>line</b>\n\nSecond';
    const out = renderer.render('letter-returned', { ...SAMPLE_PROPS['letter-returned'], letterText });
    expect(out.html).toContain('<p>First &lt;b&gt;line&lt;/b&gt;</p><p>Second</p>');
    expect(out.text).toContain('First <b>line</b>\n\nSecond');
  });

  it('records a stable hash per compiled template', async () => {
    const again = await TemplateRenderer.compileAll(templatesDir);
    expect(again.hashOf(MOODBOARD)).toBe(renderer.hashOf(MOODBOARD));
    expect(renderer.hashOf(MOODBOARD)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(names.map((n) => renderer.hashOf(n))).size).toBe(names.length);
  }, 30_000);

  it('refuses HTML above the size limit', () => {
    const huge = 'x'.repeat(MAX_HTML_BYTES);
    expect(() => renderer.render(MOODBOARD, { ...SAMPLE_PROMPT_PROPS, ask: huge })).toThrow(
      TemplateRenderError,
    );
  });

  it('refuses links that are not http(s) or mailto', () => {
    const link = { url: 'javascript:alert(1)', label: 'Click' };
    expect(() => renderer.render(MOODBOARD, { ...SAMPLE_PROMPT_PROPS, link })).toThrow(/unsafe|http/);
  });

  it('throws on a missing required field instead of sending a blank', () => {
    const { ask: _ask, ...withoutAsk } = SAMPLE_PROMPT_PROPS;
    expect(() => renderer.render(MOODBOARD, withoutAsk as typeof SAMPLE_PROMPT_PROPS)).toThrow(/ask/);
  });

  it('keeps Handlebars placeholders intact through MJML', async () => {
    const html = await compileMjml(
      '<mjml lang="{{lang}}"><mj-body><mj-section><mj-column><mj-button href="{{link.url}}">{{#if x}}{{label}}{{/if}}</mj-button></mj-column></mj-section></mj-body></mjml>',
      { filePath: templatesDir, templatesDir, file: 'inline' },
    );
    expect(html).toContain('lang="{{lang}}"');
    expect(html).toContain('href="{{link.url}}"');
    expect(html).toContain('{{#if x}}{{label}}{{/if}}');
  });

  it('rejects an mj-include that escapes the templates folder', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'mm-outside-'));
    tempDirs.push(outside);
    writeFileSync(path.join(outside, 'secret.mjml'), '<mj-text>secret</mj-text>');
    const dir = withTemplatesCopy((d) => {
      const rel = path.relative(path.join(d, 'partials'), path.join(outside, 'secret.mjml'));
      writeFileSync(path.join(d, 'partials', 'reply-line.mjml'), `<mj-include path="${rel}" />`);
    });
    tempDirs.push(dir);
    await expect(TemplateRenderer.compileAll(dir)).rejects.toThrow(/escapes the templates folder/);
  });

  it('fails at boot on invalid MJML (strict validation)', async () => {
    const dir = withTemplatesCopy((d) => {
      writeFileSync(
        path.join(d, 'notices', 'rejected-empty.mjml'),
        '<mjml><mj-head><mj-title>x</mj-title></mj-head><mj-body><mj-text>not in a column</mj-text></mj-body></mjml>',
      );
    });
    tempDirs.push(dir);
    await expect(TemplateRenderer.compileAll(dir)).rejects.toThrow(TemplateCompileError);
  });

  it('fails at boot on an image without alt text', async () => {
    const dir = withTemplatesCopy((d) => {
      writeFileSync(path.join(d, 'partials', 'image.mjml'), '<mj-image src="{{image.url}}" />');
    });
    tempDirs.push(dir);
    await expect(TemplateRenderer.compileAll(dir)).rejects.toThrow(/without alt text/);
  });

  it('fails at boot on a template file missing from the catalog', async () => {
    const dir = withTemplatesCopy((d) => {
      writeFileSync(path.join(d, 'notices', 'orphan.mjml'), '<mjml><mj-body></mj-body></mjml>');
    });
    tempDirs.push(dir);
    await expect(TemplateRenderer.compileAll(dir)).rejects.toThrow(/not listed/);
  });

  it('compiles any other file in prompts/ as that library prompt’s email', async () => {
    const dir = withTemplatesCopy((d) => {
      cpSync(path.join(d, 'prompts', 'woop.mjml'), path.join(d, 'prompts', 'new-prompt.mjml'));
    });
    tempDirs.push(dir);
    const withNew = await TemplateRenderer.compileAll(dir);
    expect(withNew.fileOf(libraryPromptTemplate('new-prompt'))).toBe('prompts/new-prompt.mjml');
  }, 30_000);
});
