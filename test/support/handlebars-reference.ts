import Handlebars from 'handlebars';
import { type HelperSet, SafeHtml } from '../../src/rendering/fill-compiler';

/**
 * Handlebars itself compiling a template, strict, with the same helpers: the behaviour our
 * generated fill must reproduce (fill-compiler.spec.ts) and the library it is measured against
 * (bench/rendering.ts).
 */
export function handlebarsReference(
  source: string,
  helpers: HelperSet,
  escape: boolean,
): (props: object) => string {
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) {
    env.registerHelper(name, (...args: unknown[]) => {
      const result = helper(...args.slice(0, -1));
      return result instanceof SafeHtml ? new env.SafeString(result.html) : result;
    });
  }
  return env.compile(source, {
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((n) => [n, true])),
    noEscape: !escape,
  });
}
