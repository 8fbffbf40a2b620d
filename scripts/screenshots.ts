// `npm run screenshots [-- NAME...]`: renders email templates with their sample props and captures
// each at 375 px wide (a phone), full page, with Debian's Chromium, into docs/screenshots/<file>.png.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findPrompt } from '../src/prompts/library/prompt-library';
import { samplePromptInput } from '../src/prompts/library/prompt-template-input';
import { sampleInput } from '../src/rendering/sample-props';
import { libraryPromptKey, type TemplateInput, type TemplateName } from '../src/rendering/template-catalog';
import { TemplateRenderer } from '../src/rendering/template-renderer';
import { resolveTemplatesDir } from '../src/rendering/templates-dir';

/**
 * What is captured by default: template names as the catalog spells them (`prompt:<key>` for a
 * library prompt), each with the file it becomes. Add a line when a template is worth showing;
 * names given on the command line replace the list.
 */
const SHOTS: { name: string; file: string }[] = [
  { name: 'welcome', file: 'welcome' },
  { name: 'prompt:movie-club-pick', file: 'movie-club-pick' },
  { name: 'prompt:midpoint-pulse', file: 'poll' },
  { name: 'checkin-pick', file: 'checkin-pick' },
  { name: 'checkin-invitation', file: 'checkin-invitation' },
  { name: 'digest-weekly', file: 'digest' },
  { name: 'notice-held-paused-pairing', file: 'paused-pairing-notice' },
  { name: 'notice-two-weeks-left', file: 'two-weeks-left' },
  { name: 'notice-curriculum-closing', file: 'curriculum-closing' },
];

const OUT = resolve(__dirname, '../docs/screenshots');
const WIDTH = 375;
// A grey 1x1 PNG for every image: there is no network here, and a broken-image icon would
// misrepresent the layout; the grey box keeps each image's place and size.
const GREY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mO8cxwAAkMBpMePmcEAAAAASUVORK5CYII=',
  'base64',
);

/** A library prompt as staff preview it (the sample mentee in week 3); any other its sample props. */
function inputFor(name: string, renderer: TemplateRenderer): TemplateInput {
  if (!renderer.templateNames.includes(name as TemplateName))
    throw new Error(`no template named "${name}"; known: ${renderer.templateNames.join(', ')}`);
  const key = libraryPromptKey(name);
  const prompt = key ? findPrompt(key) : undefined;
  return prompt ? samplePromptInput(prompt) : sampleInput(name as TemplateName);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // A name from the list keeps its file name; any other is named after itself.
  const shots = args.length
    ? args.map(
        (name) => SHOTS.find((s) => s.name === name) ?? { name, file: name.replace(/[^a-z0-9-]+/gi, '-') },
      )
    : SHOTS;
  const renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 640 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) =>
      route.request().resourceType() === 'image'
        ? route.fulfill({ status: 200, contentType: 'image/png', body: GREY_PNG })
        : route.abort(),
    );
    for (const shot of shots) {
      try {
        const rendered = renderer.renderInput(inputFor(shot.name, renderer));
        await page.setContent(rendered.html, { waitUntil: 'load' });
        const path = join(OUT, `${shot.file}.png`);
        await page.screenshot({ path, fullPage: true });
        console.log(`${shot.name} -> docs/screenshots/${shot.file}.png  (${rendered.subject})`);
      } catch (error) {
        failed++;
        console.error(`${shot.name}: ${(error as Error).message}`);
      }
    }
  } finally {
    await browser.close();
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
