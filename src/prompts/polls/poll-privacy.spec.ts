import { CIRCLE_POLL_MIN_ANSWERS } from '../../digests/circle-digest-content';
import { POLL_COUNTS_MIN_ANSWERS } from '../../digests/digest-content';
import { TemplateRenderer } from '../../rendering/template-renderer';
import { resolveTemplatesDir } from '../../rendering/templates-dir';
import { findPrompt, PROMPT_LIBRARY } from '../library/prompt-library';
import { samplePromptInput } from '../library/prompt-template-input';

/**
 * Every poll email states who sees an answer and what the digest shows; the numbers and roles in
 * that sentence are what the digest code does (digest-content.ts, test/prompts/poll-digest-privacy).
 */
describe('the privacy sentence of every poll email', () => {
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
  }, 30_000);

  const polls = PROMPT_LIBRARY.filter((p) => p.kind === 'poll');

  it.each(polls.map((p) => [p.key]))(
    '%s says staff only, never the partner, and the digest threshold',
    (key) => {
      const input = samplePromptInput(findPrompt(key)!);
      for (const role of ['mentor', 'mentee'] as const) {
        const { text } = renderer.renderInput({ ...input, props: { ...input.props, role } });
        const flat = text.replace(/\s+/g, ' ');
        expect(flat).toContain('Only your programme staff see your individual answer');
        expect(flat).toContain(`never passed on to ${input.props.partnerName}`);
        // A circle's digest shows the circle's own counts (circle-digest-content.ts), from a smaller threshold.
        expect(flat).toContain(
          input.props.circleName
            ? `once at least ${CIRCLE_POLL_MIN_ANSWERS} people in the circle have answered`
            : `once at least ${POLL_COUNTS_MIN_ANSWERS} people have answered`,
        );
        expect(flat).not.toMatch(/combined result/);
      }
    },
  );
});
