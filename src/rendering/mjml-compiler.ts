import { realpathSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TemplateCompileError } from './template-errors';

/**
 * MJML side of the pipeline: put a template into the layout's slots, make sure every
 * mj-include stays inside templates/, and compile to HTML with Handlebars placeholders
 * untouched (no minify/beautify, which could rewrite `{{...}}`).
 */

const INCLUDE_PATTERN = /<mj-include\b[^>]*?\bpath\s*=\s*["']([^"']+)["'][^>]*>/g;
/** What mjml leaves behind when it refuses or fails an include; strict validation does not throw for them. */
const INCLUDE_FAILURE_MARKERS = ['mj-include denied', 'mj-include fails to read file'];

export interface ComposedTemplate {
  /** Complete MJML document: layout with the template's head and body in its slots. */
  mjml: string;
  /** The template's <mj-title>, used as the subject line. */
  subjectSource: string;
}

function innerOf(source: string, tag: string, file: string, required: boolean): string {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(source);
  if (!match) {
    if (required) throw new TemplateCompileError(file, `missing <${tag}>`);
    return '';
  }
  return match[1];
}

/** A template is a standalone MJML document (previewable on its own); we lift its head and body into the layout. */
export function composeWithLayout(
  layoutSource: string,
  templateSource: string,
  file: string,
): ComposedTemplate {
  if (!layoutSource.includes('<!-- slot:head -->') || !layoutSource.includes('<!-- slot:body -->')) {
    throw new TemplateCompileError(file, 'layout lacks <!-- slot:head --> or <!-- slot:body -->');
  }
  const head = innerOf(templateSource, 'mj-head', file, true);
  const body = innerOf(templateSource, 'mj-body', file, true);
  const subjectSource = innerOf(head, 'mj-title', file, true).trim();
  if (!subjectSource) throw new TemplateCompileError(file, 'empty <mj-title> (it is the subject line)');
  const mjml = layoutSource
    .replace('<!-- slot:head -->', () => head)
    .replace('<!-- slot:body -->', () => body);
  return { mjml, subjectSource };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Our own check on top of mjml's allow-list (CVE-2025-67898 showed that one can have holes):
 * every include, followed recursively, must resolve to a real file inside templatesDir.
 */
export function assertIncludesInside(
  source: string,
  fromDir: string,
  templatesDir: string,
  file: string,
): void {
  const root = realpathSync(templatesDir);
  const seen = new Set<string>();
  const visit = (text: string, dir: string, trail: string): void => {
    for (const match of text.matchAll(INCLUDE_PATTERN)) {
      const includePath = match[1];
      if (/\.(css|html?)$/i.test(includePath) || /type\s*=\s*["'](css|html)["']/.test(match[0])) {
        throw new TemplateCompileError(trail, `only MJML includes are allowed: ${includePath}`);
      }
      let resolved: string;
      try {
        resolved = realpathSync(path.resolve(dir, includePath));
      } catch {
        throw new TemplateCompileError(trail, `include not found: ${includePath}`);
      }
      if (!isInside(root, resolved)) {
        throw new TemplateCompileError(trail, `include escapes the templates folder: ${includePath}`);
      }
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      visit(readFileSync(resolved, 'utf8'), path.dirname(resolved), path.relative(root, resolved));
    }
  };
  visit(source, fromDir, file);
}

interface MjmlErrorLike {
  message?: string;
  getErrors?: () => { formattedMessage?: string; message?: string }[];
}

/**
 * Compile a composed document. `filePath` anchors relative includes (the layout's folder);
 * `includePath` lets mjml read partials anywhere under templatesDir and nowhere else.
 */
export async function compileMjml(
  mjml: string,
  options: { filePath: string; templatesDir: string; file: string },
): Promise<string> {
  // Loaded on first compile, not with this file: a CLI command served from the template cache
  // never needs MJML (a fifth of a second to load).
  const { default: mjml2html } = await import('mjml');
  let html: string;
  try {
    const result = await mjml2html(mjml, {
      validationLevel: 'strict',
      filePath: options.filePath,
      includePath: options.templatesDir,
      ignoreIncludes: false,
      keepComments: false,
      minify: false,
      beautify: false,
      // Web fonts would add a request to Google per open; the theme uses system fonts.
      fonts: {},
    });
    html = result.html;
  } catch (error: unknown) {
    const e = error as MjmlErrorLike;
    const details = e.getErrors?.().map((x) => x.formattedMessage ?? x.message) ?? [];
    throw new TemplateCompileError(options.file, [e.message ?? String(error), ...details].join('; '));
  }
  const failure = INCLUDE_FAILURE_MARKERS.find((marker) => html.includes(marker));
  if (failure) throw new TemplateCompileError(options.file, failure);
  return html.split(MJML_PREVIEW_STYLE).join(PREVIEW_STYLE);
}

/**
 * mj-preview's hidden preheader is white 1px text: SpamAssassin scores that as text hidden from
 * the reader (HTML_FONT_LOW_CONTRAST 0.7, or FONT_INVIS_MSGID 1.0 with the colour removed). Hidden
 * by display, height and overflow alone it still shows in the inbox list and scores nothing.
 */
const MJML_PREVIEW_STYLE =
  'style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;"';
export const PREVIEW_STYLE = 'style="display:none;max-height:0px;overflow:hidden;mso-hide:all;"';
