import { Injectable } from '@nestjs/common';
import type { TemplateInput, TemplateName, TemplateProps } from './template-catalog';
import { TemplateRenderer, type RenderedEmail } from './template-renderer';

/** The Nest face of the renderer: callers inject this, the renderer stays framework-free. */
@Injectable()
export class RenderingService {
  constructor(private readonly renderer: TemplateRenderer) {}

  render<N extends TemplateName>(name: N, props: TemplateProps<N>): RenderedEmail {
    return this.renderer.render(name, props);
  }

  renderInput(input: TemplateInput): RenderedEmail {
    return this.renderer.renderInput(input);
  }

  /** Every compiled template: the catalog's, then one per library prompt file. */
  get templateNames(): TemplateName[] {
    return this.renderer.templateNames;
  }

  has(name: string): name is TemplateName {
    return this.renderer.has(name);
  }

  /** The template's file under templates/, e.g. "prompts/woop.mjml". */
  fileOf(name: TemplateName): string {
    return this.renderer.fileOf(name);
  }

  hashOf(name: TemplateName): string {
    return this.renderer.hashOf(name);
  }
}
