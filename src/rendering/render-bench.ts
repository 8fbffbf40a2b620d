import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileMjml, composeWithLayout } from './mjml-compiler';
import { SAMPLE_PROMPT_PROPS } from './sample-props';
import { LAYOUT_FILE, libraryPromptTemplate } from './template-catalog';
import { TemplateRenderer } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

export interface RenderBenchResult {
  /** Warm mjml2html of the prompt email, as a naive renderer would run it per send. */
  mjmlMsPerRender: number;
  /** Our per-recipient cost: fill subject, HTML and text of the compiled prompt email. */
  fillUsPerRender: number;
  /** How many times faster the fill is; the target is at least 500. */
  ratio: number;
  mjmlIterations: number;
  fillIterations: number;
}

/**
 * Measures why we precompile: warm mjml2html per send against our compiled fill. MJML is
 * ~1000x slower, so it runs iterations/100 times (at least 5); the fill runs `iterations`.
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

  for (let i = 0; i < 3; i += 1) await mjmlOnce();
  const mjmlMsPerRender = await medianBatchMs(5, mjmlIterations, mjmlOnce);

  return {
    mjmlMsPerRender,
    fillUsPerRender,
    ratio: (mjmlMsPerRender * 1000) / fillUsPerRender,
    mjmlIterations,
    fillIterations,
  };
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
