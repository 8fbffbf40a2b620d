import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileFill } from '../src/rendering/fill-compiler';
import { compileMjml, composeWithLayout } from '../src/rendering/mjml-compiler';
import { SAMPLE_PROMPT_PROPS } from '../src/rendering/sample-props';
import { emailKindOf, LAYOUT_FILE, libraryPromptTemplate } from '../src/rendering/template-catalog';
import { HTML_HELPERS, TEXT_HELPERS } from '../src/rendering/template-helpers';
import { compileTemplateSources, TemplateRenderer, templateFiles } from '../src/rendering/template-renderer';
import { resolveTemplatesDir } from '../src/rendering/templates-dir';
import { handlebarsReference } from '../test/support/handlebars-reference';

export interface RenderBenchResult {
  /** Warm mjml2html of the prompt email, as a naive renderer would run it per send. */
  mjmlMsPerRender: number;
  /** Our per-recipient cost: fill subject, HTML and text of the compiled prompt email. */
  fillUsPerRender: number;
  /** How many times faster the fill is than mjml2html; the target is at least 500. */
  ratio: number;
  /** Handlebars' own compiled template (Handlebars.compile, warm) filling the same three parts. */
  handlebarsUsPerFill: number;
  /** Our generated fill of the same three parts, without the renderer's checks around it. */
  generatedUsPerFill: number;
  mjmlIterations: number;
  fillIterations: number;
}

/**
 * Measures why we precompile (warm mjml2html per send against our compiled fill; MJML is
 * ~1000x slower, so it runs iterations/100 times, at least 5) and whether our generated fill
 * earns its place beside the library it replaced: Handlebars' own compiled template of the same
 * sources, with the same helpers and strictness, checked to give the same output first.
 */
export async function benchRendering(
  iterations = 5000,
  templatesDir: string = resolveTemplatesDir(),
): Promise<RenderBenchResult> {
  const renderer = await TemplateRenderer.compileAll(templatesDir);
  const layoutPath = path.join(templatesDir, LAYOUT_FILE);
  // The goals moodboard prompt: image, link, options and role-specific copy.
  const name = libraryPromptTemplate('goals-moodboard');
  const file = renderer.fileOf(name);
  const composed = composeWithLayout(
    readFileSync(layoutPath, 'utf8'),
    readFileSync(path.join(templatesDir, file), 'utf8'),
    file,
  );
  const mjmlOnce = () => compileMjml(composed.mjml, { filePath: layoutPath, templatesDir, file: 'bench' });
  const props = SAMPLE_PROMPT_PROPS;

  const fillIterations = Math.max(100, iterations);
  const mjmlIterations = Math.max(5, Math.ceil(iterations / 100));

  // Fill first, on a quiet heap; each side warmed, then timed in batches whose median is kept
  // (this box is shared, and one stray GC pause or neighbour should not decide the ratio).
  for (let i = 0; i < 2000; i += 1) renderer.render(name, props);
  const fillUsPerRender =
    (await medianBatchMs(5, fillIterations, () => {
      renderer.render(name, props);
    })) * 1000;

  const { handlebarsUsPerFill, generatedUsPerFill } = await beside(name, props, templatesDir, fillIterations);

  for (let i = 0; i < 3; i += 1) await mjmlOnce();
  const mjmlMsPerRender = await medianBatchMs(5, mjmlIterations, mjmlOnce);

  return {
    mjmlMsPerRender,
    fillUsPerRender,
    ratio: (mjmlMsPerRender * 1000) / fillUsPerRender,
    handlebarsUsPerFill,
    generatedUsPerFill,
    mjmlIterations,
    fillIterations,
  };
}

/**
 * The three parts (subject, HTML, text) of one template filled by our generated code and by
 * Handlebars' compiled template, from the same sources, props and helpers. Alternating batches,
 * so a noisy neighbour hits both sides alike.
 */
async function beside(
  name: ReturnType<typeof libraryPromptTemplate>,
  props: typeof SAMPLE_PROMPT_PROPS,
  templatesDir: string,
  iterations: number,
) {
  const files = new Map([[name, templateFiles(realpathSync(templatesDir)).get(name)!]]);
  const source = (await compileTemplateSources(templatesDir, files)).get(name)!;
  const parts = [
    [source.subject, TEXT_HELPERS, false],
    [source.html, HTML_HELPERS, true],
    [source.text, TEXT_HELPERS, false],
  ] as const;
  const ours = parts.map(([template, helpers, escape]) => compileFill(template, helpers, escape));
  const theirs = parts.map(([template, helpers, escape]) => handlebarsReference(template, helpers, escape));
  const context = { ...props, emailKind: emailKindOf(name, props) };
  const fillAll = (fills: ((p: object) => string)[]) => fills.map((fill) => fill(context)).join('\0');
  if (fillAll(ours) !== fillAll(theirs)) throw new Error(`${name}: our fill and Handlebars' differ`);
  for (let i = 0; i < 2000; i += 1) {
    fillAll(ours);
    fillAll(theirs);
  }
  const ourSamples: number[] = [];
  const theirSamples: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    ourSamples.push(await medianBatchMs(1, iterations / 5, () => fillAll(ours)));
    theirSamples.push(await medianBatchMs(1, iterations / 5, () => fillAll(theirs)));
  }
  const median = (xs: number[]) => [...xs].sort((a, z) => a - z)[Math.floor(xs.length / 2)];
  return { generatedUsPerFill: median(ourSamples) * 1000, handlebarsUsPerFill: median(theirSamples) * 1000 };
}

/** Runs `total` calls split into `batches`, returning the median milliseconds per call. */
async function medianBatchMs(batches: number, total: number, run: () => unknown): Promise<number> {
  const perBatch = Math.max(1, Math.floor(total / batches));
  const samples: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i += 1) {
      const result = run();
      // Only MJML is async; awaiting the sync fill would time the microtask queue instead.
      if (result instanceof Promise) await result;
    }
    samples.push((performance.now() - start) / perBatch);
  }
  samples.sort((a, z) => a - z);
  return samples[Math.floor(samples.length / 2)];
}
