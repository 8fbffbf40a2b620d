import { realpathSync } from 'node:fs';
import { handlebarsReference as reference } from '../../test/support/handlebars-reference';
import { compileFill } from './fill-compiler';
import { sampleInput } from './sample-props';
import { HTML_HELPERS, TEXT_HELPERS } from './template-helpers';
import { compileTemplateSources, templateFiles, type TemplateSources } from './template-renderer';
import { resolveTemplatesDir } from './templates-dir';

const NAMES = [...templateFiles(realpathSync(resolveTemplatesDir())).keys()];

/** The sample props and variants that take the other branches: the other role, empty lists. */
function variants(props: object): object[] {
  const record = props as Record<string, unknown>;
  const emptied = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, Array.isArray(value) ? [] : value]),
  );
  const flipped = { ...record, role: record.role === 'mentor' ? 'mentee' : 'mentor' };
  const hostile = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      typeof value === 'string' && !key.endsWith('Url') && !key.endsWith('url')
        ? `${value} <b onclick="x">&'\`=</b>\n\nsecond paragraph`
        : value,
    ]),
  );
  return [props, emptied, flipped, hostile];
}

describe('compileFill', () => {
  let sources: Map<string, TemplateSources>;

  beforeAll(async () => {
    sources = await compileTemplateSources(resolveTemplatesDir());
  }, 30_000);

  it.each(NAMES)('fills %s exactly as Handlebars does, in every part and branch', (name) => {
    const source = sources.get(name)!;
    const parts = [
      [source.subject, TEXT_HELPERS, false],
      [source.html, HTML_HELPERS, true],
      [source.text, TEXT_HELPERS, false],
    ] as const;
    for (const [template, helpers, escape] of parts) {
      const ours = compileFill(template, helpers, escape);
      const theirs = reference(template, helpers, escape);
      for (const props of variants(sampleInput(name).props)) {
        expect(ours(props)).toBe(theirs(props));
      }
    }
  });

  const cases: [string, string, object][] = [
    ['escapes every character Handlebars escapes', '<i title={{v}}>{{v}}</i>', { v: `<a href="x">&'\`=` }],
    ['prints false and 0 but not null', '[{{a}}][{{b}}][{{c}}]', { a: false, b: 0, c: null }],
    ['inserts triple-stash values raw', '{{{v}}}', { v: '<b>' }],
    ['walks dotted paths', '{{a.b.c}}', { a: { b: { c: 'deep' } } }],
    [
      'prints a missing value of a present object as blank only inside blocks',
      '{{#if a.b}}y{{else}}n{{/if}}',
      { a: {} },
    ],
    ['reads array length', '{{xs.length}}', { xs: [1, 2, 3] }],
    [
      'treats 0 and [] as false in #if',
      '{{#if z}}zero{{/if}}{{#if e}}x{{else}}empty{{/if}}',
      { z: 0, e: [] },
    ],
    ['inverts with #unless', '{{#unless off}}on{{/unless}}', { off: false }],
    [
      'runs #each over arrays with @data',
      '{{#each xs}}{{@index}}{{@first}}{{@last}}{{this}};{{/each}}',
      { xs: ['a', 'b', 'c'] },
    ],
    ['runs #each over objects by key', '{{#each o}}{{@key}}={{this}} {{/each}}', { o: { x: 1, y: 2 } }],
    ['takes {{else}} of an empty #each', '{{#each xs}}x{{else}}none{{/each}}', { xs: [] }],
    ['reads @root inside #each', '{{#each xs}}{{@root.t}}{{/each}}', { xs: [1, 2], t: 'T' }],
    [
      'calls helpers with literals and sub-expressions',
      '{{#if (eq r "mentor")}}{{inc 2}}{{/if}}{{percent 1 3}}',
      { r: 'mentor' },
    ],
    ['lets block parameters be missing', '{{#if image}}img{{/if}}{{#each none}}n{{/each}}', {}],
  ];

  it.each(cases)('%s', (_label, template, props) => {
    expect(compileFill(template, HTML_HELPERS, true)(props)).toBe(
      reference(template, HTML_HELPERS, true)(props),
    );
  });

  it('throws when a printed field is missing, naming it', () => {
    const fill = compileFill('Hi {{name}}, {{prompt.title}}', TEXT_HELPERS, false);
    expect(() => fill({ prompt: { title: 't' } })).toThrow(/"name"/);
    expect(() => fill({ name: 'Ann', prompt: {} })).toThrow(/"title"/);
    expect(() => fill({ name: 'Ann' })).toThrow(/prompt/);
  });

  it.each([
    '{{constructor}}',
    '{{#if __proto__}}x{{/if}}',
    '{{a.toString}}',
    '{{#each hasOwnProperty}}{{/each}}',
  ])('refuses %s, a name every object inherits, when compiling', (template) => {
    expect(() => compileFill(template, TEXT_HELPERS, false)).toThrow(/not a field a template may read/);
  });

  it("keeps each template's fill correct when one process fills many differently shaped props", () => {
    const a = compileFill('{{x}}-{{#each xs}}{{this}}{{/each}}', TEXT_HELPERS, false);
    const b = compileFill('{{x}}+{{y}}', TEXT_HELPERS, false);
    for (let i = 0; i < 50; i += 1) {
      expect(a({ x: i, xs: [1, 2], [`k${i}`]: i })).toBe(`${i}-12`);
      expect(b({ [`z${i}`]: 0, y: 'y', x: i })).toBe(`${i}+y`);
    }
  });

  it('does not let template text become code', () => {
    const template = '";throw new Error("pwned");" {{! "}}`${process.exit()}` {{x}}';
    const fill = compileFill(template, TEXT_HELPERS, false);
    expect(fill({ x: '");process.exit(1);("' })).toBe(
      '";throw new Error("pwned");" `${process.exit()}` ");process.exit(1);("',
    );
  });

  it.each([
    ['partials', '{{> footer}}'],
    ['parent paths', '{{#each xs}}{{../name}}{{/each}}'],
    ['hash arguments', '{{inc 1 by=2}}'],
    ['unknown helpers', '{{shout name}}'],
    ['other block helpers', '{{#with a}}{{b}}{{/with}}'],
    ['unknown @ variables', '{{#each xs}}{{@level}}{{/each}}'],
    ['syntax errors', '{{#if a}}unclosed'],
  ])('refuses %s when compiling', (_label, template) => {
    expect(() => compileFill(template, TEXT_HELPERS, false)).toThrow();
  });
});
