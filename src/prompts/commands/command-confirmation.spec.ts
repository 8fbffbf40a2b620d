import { SAMPLE_PROPS } from '../../rendering/sample-props';
import type { CommandConfirmationProps } from '../../rendering/template-props';
import { TemplateRenderer } from '../../rendering/template-renderer';
import { resolveTemplatesDir } from '../../rendering/templates-dir';
import { COMMAND_HELP } from './parse-command';

/** The sentences #skip and #swap confirmations say, for each thing that can have happened. */
describe('#skip and #swap confirmations', () => {
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    renderer = await TemplateRenderer.compileAll(resolveTemplatesDir());
  }, 30_000);

  const say = (props: Partial<CommandConfirmationProps>) => {
    const text = renderer.render('notice-command-confirmation', {
      ...SAMPLE_PROPS['notice-command-confirmation'],
      recipientName: 'Tom',
      partnerName: 'Maria',
      commands: COMMAND_HELP,
      ...props,
    } as CommandConfirmationProps).text;
    return text.replace(/\s+/g, ' ');
  };

  it('says the skip is the sender’s only, and when their next prompt comes', () => {
    const text = say({
      command: 'skip',
      skipOutcome: 'skipped',
      skippedPromptTitle: 'Movie club: pick a film',
      nextPrompt: { title: 'Movie club: talk it over', whenText: 'Sunday 8 March at 09:00' },
    });
    expect(text).toContain('we\'ve skipped "Movie club: pick a film" for you only: Maria still gets it.');
    expect(text).toContain('Your next prompt, "Movie club: talk it over", arrives Sunday 8 March at 09:00.');
    expect(text).not.toContain('both of you');
  });

  it('says so when the skipped prompt was the last one', () => {
    const text = say({ command: 'skip', skipOutcome: 'skipped', skippedPromptTitle: 'A short survey' });
    expect(text).toContain('we\'ve skipped "A short survey" for you only: Maria still gets it.');
    expect(text).toContain('That was your last prompt: no more will come.');
    expect(text).not.toContain('arrives');
  });

  it('says nothing was skipped when no prompt was coming', () => {
    const text = say({ command: 'skip', skipOutcome: 'nothing-left' });
    expect(text).toContain('you have no prompt coming, so there was nothing to skip.');
    expect(text).not.toContain('skipped "');
  });

  it.each([
    [
      { swapOutcome: 'sent-now', swapFromTitle: 'Best mistake swap', swapToTitle: 'A place that matters' },
      'instead of "Best mistake swap" you get "A place that matters": it comes in a separate email now. Only your prompt changed: Maria keeps "Best mistake swap".',
    ],
    [
      {
        swapOutcome: 'next',
        swapFromTitle: 'Map your network',
        swapToTitle: 'Three-song focus playlist',
        swapWhenText: 'Tuesday 10 March at 09:00',
      },
      'your next prompt will be "Three-song focus playlist" instead of "Map your network", arriving Tuesday 10 March at 09:00. Only your prompt changes: Maria keeps "Map your network".',
    ],
    [
      { swapOutcome: 'already', swapFromTitle: 'Map your network', swapToTitle: 'A place that matters' },
      'you already swapped "Map your network" for "A place that matters", and each prompt can be swapped once.',
    ],
    [
      { swapOutcome: 'no-alternative', swapFromTitle: 'Two truths and a wish' },
      '"Two truths and a wish" has no alternative, so nothing changed. To leave it out instead, reply #skip.',
    ],
    [{ swapOutcome: 'nothing-left' }, 'you have no prompt coming, so there was nothing to swap.'],
  ] as const)('says what #swap did: %j', (props, sentence) => {
    expect(say({ command: 'swap', ...props })).toContain(sentence);
  });

  it('lists #swap in every confirmation’s command list', () => {
    expect(say({ command: 'help' })).toContain('#swap: In reply to a prompt: get a different one instead');
  });
});
