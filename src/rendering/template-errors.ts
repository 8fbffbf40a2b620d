/** A template could not be compiled at boot: the process must not start with a broken email. */
export class TemplateCompileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'TemplateCompileError';
  }
}

/** Filling a compiled template failed for these props (a missing field, an unsafe URL, too big). */
export class TemplateRenderError extends Error {
  constructor(
    readonly templateName: string,
    readonly code: 'missing-field' | 'unsafe-url' | 'too-large',
    message: string,
  ) {
    super(`${templateName}: ${message}`);
    this.name = 'TemplateRenderError';
  }
}
