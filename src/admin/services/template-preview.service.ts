import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactor } from '../../database/transactor';
import type { NoticePayload } from '../../notices/notice.composer';
import { OutboxService } from '../../outbound/outbox.service';
import { RenderingService } from '../../rendering/rendering.service';
import { findPrompt } from '../../prompts/library/prompt-library';
import { samplePromptInput } from '../../prompts/library/prompt-template-input';
import { VoteLinks } from '../../prompts/polls/vote-links';
import { sampleInput } from '../../rendering/sample-props';
import { libraryPromptKey, type TemplateInput, type TemplateName } from '../../rendering/template-catalog';
import { AdminInputError } from '../admin.errors';

export interface TemplatePreview {
  name: TemplateName;
  file: string;
  group: 'prompts' | 'digests' | 'notices';
  subject: string;
  html: string;
  text: string;
  hash: string;
}

/**
 * A library prompt shows its own card and options; every other template its sample props. Vote
 * links are signed like real ones (for nobody), so a poll previews exactly as it is mailed.
 */
export function previewInput(name: TemplateName, voteLinks: VoteLinks): TemplateInput {
  const key = libraryPromptKey(name);
  const prompt = key === undefined ? undefined : findPrompt(key);
  if (prompt)
    return samplePromptInput(prompt, prompt.pollOptions && voteLinks.samples(prompt.pollOptions.length));
  const input = sampleInput(name);
  if (input.name !== 'notice-poll-not-counted') return input;
  const urls = voteLinks.samples(input.props.options.length);
  return {
    ...input,
    props: { ...input.props, options: input.props.options.map((o, i) => ({ ...o, voteUrl: urls[i] })) },
  };
}

/**
 * Every email template filled with its sample props (the same ones the render-everything spec
 * uses), and a test send of one to the staff member's own address through the real outbox.
 */
@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly rendering: RenderingService,
    private readonly outbox: OutboxService,
    private readonly transactor: Transactor,
    private readonly voteLinks: VoteLinks,
  ) {}

  /** Filling a compiled template takes microseconds, so the page renders all of them each time. */
  all(): TemplatePreview[] {
    return this.rendering.templateNames.map((name) => {
      const r = this.rendering.renderInput(previewInput(name, this.voteLinks));
      const file = this.rendering.fileOf(name);
      return {
        name,
        file,
        group: file.split('/')[0] as TemplatePreview['group'],
        subject: r.subject,
        html: r.html,
        text: r.text,
        hash: r.templateHash,
      };
    });
  }

  /**
   * A notice delivery carrying the template and its sample props: the notice composer renders
   * it at send time, so the test goes through suppression, MIME and transport like real mail.
   */
  async sendTest(name: string, to: string): Promise<string> {
    if (!this.rendering.has(name)) throw new AdminInputError(`Unknown template: ${name}`);
    const payload: NoticePayload = { reason: 'template_test', input: previewInput(name, this.voteLinks) };
    const created = await this.transactor.run((tx) =>
      this.outbox.queueMany(tx, [
        {
          // Each click is its own test send.
          dedupeKey: `notice:template_test:${name}:${randomUUID()}`,
          kind: 'notice',
          toAddress: to.toLowerCase(),
          payload: payload as never,
        },
      ]),
    );
    await this.outbox.enqueue(created);
    return created[0].id;
  }
}
