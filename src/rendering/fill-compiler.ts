import Handlebars from 'handlebars';

/**
 * Turns a Handlebars template into a fill function made of closures over its parsed tree.
 *
 * Handlebars' own runtime spends most of a fill on per-call bookkeeping (containers, data
 * frames, property-access checks), several microseconds for our prompt email. Every send pays
 * that, and the point of compiling MJML once is a per-recipient cost far below MJML's. We keep
 * Handlebars' parser and its semantics for the subset our templates use (paths, `@data`, the
 * `if`/`unless`/`each` blocks, our helpers, sub-expressions) and refuse anything else at boot.
 * A spec checks the output equals Handlebars' for every template.
 *
 * Strictness follows Handlebars' `strict` mode: a plain `{{field}}` that the props lack
 * throws, so a typo never sends a blank; helper and block parameters are lenient, so an
 * optional section can test `{{#if image}}`.
 */

export type Helper = (...args: unknown[]) => unknown;
export type HelperSet = Readonly<Record<string, Helper>>;
export type Fill = (props: object) => string;

/** Already-escaped HTML a helper returns; the HTML fill inserts it as is. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

interface Scope {
  self: unknown;
  /** The `@` variables: `@root`, and `@index`/`@first`/`@last`/`@key` inside `each`. */
  data: Readonly<Record<string, unknown>>;
}

type Expr = (scope: Scope) => unknown;
type Part = string | ((scope: Scope) => string);

export class UnsupportedTemplateError extends Error {}

export function compileFill(source: string, helpers: HelperSet, escape: boolean): Fill {
  const parts = compileProgram(Handlebars.parse(source), { helpers, escape });
  return (props) => run(parts, { self: props, data: { root: props } });
}

interface Options {
  helpers: HelperSet;
  escape: boolean;
}

function run(parts: readonly Part[], scope: Scope): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : part(scope);
  return out;
}

function compileProgram(program: hbs.AST.Program | undefined, options: Options): Part[] {
  const parts: Part[] = [];
  for (const node of program?.body ?? []) {
    const part = compileStatement(node, options);
    if (part === '') continue;
    // Adjacent text merges, so a fill concatenates as few pieces as possible.
    const last = parts.length - 1;
    if (typeof part === 'string' && typeof parts[last] === 'string') parts[last] += part;
    else parts.push(part);
  }
  return parts;
}

function compileStatement(node: hbs.AST.Statement, options: Options): Part {
  switch (node.type) {
    case 'ContentStatement':
      return (node as hbs.AST.ContentStatement).value;
    case 'CommentStatement':
      return '';
    case 'MustacheStatement':
      return compileMustache(node as hbs.AST.MustacheStatement, options);
    case 'BlockStatement':
      return compileBlock(node as hbs.AST.BlockStatement, options);
    default:
      throw unsupported(node, `${node.type} is not supported`);
  }
}

function compileMustache(node: hbs.AST.MustacheStatement, options: Options): Part {
  if (node.path.type !== 'PathExpression') throw unsupported(node, 'a mustache must name a field or helper');
  assertNoHash(node);
  const path = node.path as hbs.AST.PathExpression;
  const isHelper = node.params.length > 0 || isHelperName(path, options.helpers);
  const value = isHelper ? compileCall(path, node.params, options) : compilePath(path, true);
  const toText = options.escape && node.escaped ? escapeHtml : plain;
  return (scope) => toText(value(scope));
}

function compileBlock(node: hbs.AST.BlockStatement, options: Options): Part {
  assertNoHash(node);
  const name = node.path.original;
  if (node.params.length !== 1) throw unsupported(node, `{{#${name}}} takes exactly one parameter`);
  const param = compileExpression(node.params[0], options);
  const body = compileProgram(node.program, options);
  const otherwise = compileProgram(node.inverse, options);
  switch (name) {
    case 'if':
      return (scope) => run(isTruthy(param(scope)) ? body : otherwise, scope);
    case 'unless':
      return (scope) => run(isTruthy(param(scope)) ? otherwise : body, scope);
    case 'each':
      return (scope) => runEach(param(scope), body, otherwise, scope);
    default:
      throw unsupported(node, `the block helper {{#${name}}} is not supported`);
  }
}

/** Handlebars' `each`: arrays by index, plain objects by own key, `{{else}}` when empty. */
function runEach(list: unknown, body: readonly Part[], otherwise: readonly Part[], scope: Scope): string {
  if (list === null || typeof list !== 'object') return run(otherwise, scope);
  const keys: (string | number)[] | null = Array.isArray(list) ? null : Object.keys(list);
  const count = keys ? keys.length : (list as unknown[]).length;
  if (count === 0) return run(otherwise, scope);
  const root = scope.data.root;
  let out = '';
  for (let index = 0; index < count; index += 1) {
    const key = keys ? keys[index] : index;
    const self = (list as Record<string | number, unknown>)[key];
    const data = { root, index, key, first: index === 0, last: index === count - 1 };
    out += run(body, { self, data });
  }
  return out;
}

function compileExpression(node: hbs.AST.Expression, options: Options): Expr {
  switch (node.type) {
    case 'PathExpression':
      return compilePath(node as hbs.AST.PathExpression, false);
    case 'SubExpression': {
      const sub = node as hbs.AST.SubExpression;
      assertNoHash(sub);
      return compileCall(sub.path, sub.params, options);
    }
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral': {
      const { value } = node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral;
      return () => value;
    }
    case 'NullLiteral':
      return () => null;
    case 'UndefinedLiteral':
      return () => undefined;
    default:
      throw unsupported(node, `${node.type} is not supported`);
  }
}

function compileCall(path: hbs.AST.PathExpression, params: hbs.AST.Expression[], options: Options): Expr {
  const helper = isHelperName(path, options.helpers) ? options.helpers[path.original] : undefined;
  if (!helper) throw unsupported(path, `unknown helper "${path.original}"`);
  const args = params.map((param) => compileExpression(param, options));
  if (args.length === 1) {
    const [only] = args;
    return (scope) => helper(only(scope));
  }
  return (scope) => helper(...args.map((arg) => arg(scope)));
}

/**
 * `strict` is for a field printed on its own: the last name must be the object's own property.
 * Names before it must hold objects either way, as in Handlebars' strict mode. Only own
 * properties resolve: props are data, and `constructor` or `__proto__` must never.
 */
function compilePath(path: hbs.AST.PathExpression, strict: boolean): Expr {
  if (path.depth > 0) throw unsupported(path, `parent paths (${path.original}) are not supported`);
  const names = path.parts;
  const fromData = path.data;
  if (names.length === 0) return fromData ? (scope) => scope.data : (scope) => scope.self;
  const last = names.length - 1;
  const leaf = names[last];
  // The common case, `{{field}}`, gets a closure without the loop.
  if (last === 0 && !fromData) {
    return strict ? (scope) => ownStrict(scope.self, leaf, path.original) : (scope) => own(scope.self, leaf);
  }
  return (scope) => {
    let value: unknown = fromData ? scope.data : scope.self;
    for (let i = 0; i < last; i += 1) {
      if (value === null || typeof value !== 'object') throw notDefined(names[i], path.original);
      value = own(value, names[i]);
    }
    return strict ? ownStrict(value, leaf, path.original) : own(value, leaf);
  };
}

function own(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function ownStrict(value: unknown, name: string, original: string): unknown {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, name)) {
    throw notDefined(name, original);
  }
  return (value as Record<string, unknown>)[name];
}

function notDefined(name: string, original: string): Error {
  return new Error(`"${name}" not defined (in {{${original}}})`);
}

function isHelperName(path: hbs.AST.PathExpression, helpers: HelperSet): boolean {
  return !path.data && path.depth === 0 && path.parts.length === 1 && Object.hasOwn(helpers, path.original);
}

/** Handlebars' `if` (without includeZero): false for falsy values, 0 and empty arrays. */
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};
const NEEDS_ESCAPE = /[&<>"'`=]/;
const ESCAPABLE = /[&<>"'`=]/g;

/** The same characters Handlebars escapes, so attribute values are safe quoted or not. */
export function escapeHtml(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  const text = plain(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (c) => ESCAPES[c]) : text;
}

function plain(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function assertNoHash(node: { hash?: hbs.AST.Hash; loc: hbs.AST.SourceLocation }): void {
  if (node.hash && node.hash.pairs.length > 0) throw unsupported(node, 'hash arguments are not supported');
}

function unsupported(node: { loc?: hbs.AST.SourceLocation }, message: string): UnsupportedTemplateError {
  const line = node.loc ? ` (line ${node.loc.start.line})` : '';
  return new UnsupportedTemplateError(`${message}${line}`);
}
