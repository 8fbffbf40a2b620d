import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { compileFill, type Fill } from './fill-compiler';
import { assertIncludesInside, compileMjml, composeWithLayout } from './mjml-compiler';
import {
  CONTENT_FOLDERS,
  emailKindOf,
  LAYOUT_FILE,
  LIBRARY_PROMPTS_FOLDER,
  libraryPromptTemplate,
  TEMPLATE_FILES,
  TEMPLATE_NAMES,
  type TemplateInput,
  type TemplateName,
  type TemplateProps,
} from './template-catalog';
import { TemplateCompileError, TemplateRenderError } from './template-errors';
import { HTML_HELPERS, TEXT_HELPERS } from './template-helpers';
import { htmlTemplateToTextTemplate, tidyFilledText } from './text-template';

/** Gmail clips messages above ~102 KB of HTML; keep a margin for headers and tracking-free links. */
export const MAX_HTML_BYTES = 90 * 1024;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  templateName: TemplateName;
  /** sha256 of the compiled template, so each outgoing row records which version was sent. */
  templateHash: string;
}

/** A template after MJML, before any recipient: Handlebars sources for each part. */
export interface TemplateSources {
  subject: string;
  html: string;
  text: string;
}

interface CompiledTemplate {
  hash: string;
  file: string;
  sources: TemplateSources;
  fills?: { subject: Fill; html: Fill; text: Fill };
}

/**
 * When the Handlebars parts are compiled: `now` for every template at once (a syntax error stops
 * the boot), `on-first-use` only for sources that passed `now` unchanged before (the CLI's cache,
 * see template-cache.ts).
 */
export type FillCompilation = 'now' | 'on-first-use';

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/**
 * Compiles every template once (MJML is milliseconds per run, far too slow per recipient) and
 * then fills the compiled HTML and text with escaped values in microseconds.
 */
export class TemplateRenderer {
  private constructor(
    private readonly compiled: ReadonlyMap<TemplateName, CompiledTemplate>,
    private readonly files: ReadonlyMap<TemplateName, string>,
  ) {}

  static async compileAll(templatesDir: string): Promise<TemplateRenderer> {
    const files = templateFiles(realpathSync(templatesDir));
    return TemplateRenderer.fromSources(files, await compileTemplateSources(templatesDir, files), 'now');
  }

  /** A renderer over sources already through MJML (compileTemplateSources). */
  static fromSources(
    files: ReadonlyMap<TemplateName, string>,
    sources: ReadonlyMap<TemplateName, TemplateSources>,
    fills: FillCompilation,
  ): TemplateRenderer {
    const compiled = new Map<TemplateName, CompiledTemplate>();
    for (const [name, source] of sources) {
      const template: CompiledTemplate = {
        hash: createHash('sha256')
          .update(source.subject)
          .update('\0')
          .update(source.html)
          .update('\0')
          .update(source.text)
          .digest('hex'),
        file: files.get(name)!,
        sources: source,
      };
      if (fills === 'now') compileFills(template);
      compiled.set(name, template);
    }
    return new TemplateRenderer(compiled, files);
  }

  /** The catalog's templates, then one per library prompt file. */
  get templateNames(): TemplateName[] {
    return [...this.compiled.keys()];
  }

  has(name: string): name is TemplateName {
    return this.compiled.has(name as TemplateName);
  }

  /** The template's file under templates/, e.g. "prompts/woop.mjml". */
  fileOf(name: TemplateName): string {
    const file = this.files.get(name);
    if (!file) throw new Error(`Unknown template: ${name}`);
    return file;
  }

  hashOf(name: TemplateName): string {
    return this.get(name).hash;
  }

  render<N extends TemplateName>(name: N, props: TemplateProps<N>): RenderedEmail {
    const template = this.get(name);
    const fill = compileFills(template);
    assertSafeUrls(name, props);
    let subject: string;
    let html: string;
    let text: string;
    try {
      // The footer's promise (who reads what) follows the kind of email, never the caller's memory.
      const context = { ...props, emailKind: emailKindOf(name, props) };
      subject = fill.subject(context).replace(/\s+/g, ' ').trim();
      html = fill.html(context);
      text = tidyFilledText(fill.text(context));
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TemplateRenderError(name, 'missing-field', message);
    }
    // Each UTF-16 unit is at most 3 UTF-8 bytes and .length is O(1); count bytes (which
    // flattens the string) only when that cheap bound cannot rule the limit out.
    const bytes = html.length * 3 <= MAX_HTML_BYTES ? 0 : Buffer.byteLength(html, 'utf8');
    if (bytes > MAX_HTML_BYTES) {
      throw new TemplateRenderError(name, 'too-large', `HTML is ${bytes} bytes, limit ${MAX_HTML_BYTES}`);
    }
    return { subject, html, text, templateName: name, templateHash: template.hash };
  }

  /** For callers that pick the template at run time, e.g. from a prompt's kind. */
  renderInput(input: TemplateInput): RenderedEmail {
    return this.render(input.name, input.props as never);
  }

  private get(name: TemplateName): CompiledTemplate {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`Unknown template: ${name}`);
    return template;
  }
}

/**
 * Every template and its file: the catalog's, then each library prompt's (every other .mjml in
 * prompts/, named `prompt:<file name>`), in file name order.
 */
export function templateFiles(root: string): Map<TemplateName, string> {
  assertCatalogMatchesFolder(root);
  const files = new Map<TemplateName, string>(TEMPLATE_NAMES.map((name) => [name, TEMPLATE_FILES[name]]));
  const listed = new Set<string>(Object.values(TEMPLATE_FILES));
  const dir = path.join(root, LIBRARY_PROMPTS_FOLDER);
  for (const entry of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const file = `${LIBRARY_PROMPTS_FOLDER}/${entry}`;
    if (entry.endsWith('.mjml') && !listed.has(file)) {
      files.set(libraryPromptTemplate(entry.slice(0, -'.mjml'.length)), file);
    }
  }
  return files;
}

/** Runs MJML once per template (strict, includes confined to the folder) and derives the text part. */
export async function compileTemplateSources(
  templatesDir: string,
  files: ReadonlyMap<TemplateName, string> = templateFiles(realpathSync(templatesDir)),
): Promise<Map<TemplateName, TemplateSources>> {
  const root = realpathSync(templatesDir);
  const layoutPath = path.join(root, LAYOUT_FILE);
  const layoutSource = readFileSync(layoutPath, 'utf8');
  assertIncludesInside(layoutSource, path.dirname(layoutPath), root, LAYOUT_FILE);
  const entries = await Promise.all(
    [...files].map(async ([name, file]) => {
      const filePath = path.join(root, file);
      const source = readFileSync(filePath, 'utf8');
      assertIncludesInside(source, path.dirname(filePath), root, file);
      const composed = composeWithLayout(layoutSource, source, file);
      const html = collapseIndentation(
        await compileMjml(composed.mjml, { filePath: layoutPath, templatesDir: root, file }),
      );
      assertImagesHaveAlt(html, file);
      const sources: TemplateSources = {
        subject: composed.subjectSource,
        html,
        text: htmlTemplateToTextTemplate(html),
      };
      return [name, sources] as const;
    }),
  );
  return new Map(entries);
}

/**
 * MJML output is indented for humans; a third of its bytes are spaces. A line break keeps
 * the same meaning as any run of whitespace around it (we have no <pre>), so keep just that.
 */
function collapseIndentation(html: string): string {
  return html.replace(/(?<![ \t])[ \t]*\n\s*/g, '\n');
}

function compileFills(template: CompiledTemplate): { subject: Fill; html: Fill; text: Fill } {
  const { sources, file } = template;
  template.fills ??= {
    subject: compileOrExplain(sources.subject, file, false),
    html: compileOrExplain(sources.html, file, true),
    text: compileOrExplain(sources.text, file, false),
  };
  return template.fills;
}

/** A syntax error or an unsupported construct stops the boot rather than the first send. */
function compileOrExplain(source: string, file: string, html: boolean): Fill {
  try {
    return compileFill(source, html ? HTML_HELPERS : TEXT_HELPERS, html);
  } catch (error: unknown) {
    throw new TemplateCompileError(file, error instanceof Error ? error.message : String(error));
  }
}

function assertCatalogMatchesFolder(root: string): void {
  const listed = new Set<string>(Object.values(TEMPLATE_FILES));
  for (const file of listed) {
    if (!existsSync(path.join(root, file)))
      throw new TemplateCompileError(file, 'listed in the catalog but missing');
  }
  // prompts/ also holds the library prompts, one file each (see templateFiles).
  for (const folder of CONTENT_FOLDERS.filter((f) => f !== LIBRARY_PROMPTS_FOLDER)) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const file = `${folder}/${entry}`;
      if (entry.endsWith('.mjml') && !listed.has(file)) {
        throw new TemplateCompileError(file, 'not listed in TEMPLATE_FILES, so it could never be sent');
      }
    }
  }
}

/** mj-image renders alt="" when none is given; an image without words fails screen readers and blocked images. */
function assertImagesHaveAlt(html: string, file: string): void {
  for (const img of html.match(/<img\b[^>]*>/gi) ?? []) {
    if (!/\balt="[^"]+"/.test(img))
      throw new TemplateCompileError(file, `image without alt text: ${img.slice(0, 120)}`);
  }
}

/**
 * Links come from our own code, but a `javascript:` href must never reach an inbox. Runs on
 * every send, so it is a plain loop: no Object.entries arrays, no regex per key.
 */
function assertSafeUrls(name: string, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) assertSafeUrls(name, item);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (typeof v === 'string') {
      if ((key.endsWith('url') || key.endsWith('Url')) && !SAFE_URL.test(v)) {
        throw new TemplateRenderError(name, 'unsafe-url', `${key} must be http(s) or mailto`);
      }
    } else if (v !== null && typeof v === 'object') {
      assertSafeUrls(name, v);
    }
  }
}
