import Handlebars from 'handlebars';

/**
 * Turns a Handlebars template into one JavaScript function per template, generated from its
 * parsed tree.
 *
 * Handlebars' own runtime spends most of a fill on per-call bookkeeping (containers, data
 * frames, property-access checks), several microseconds for our prompt email, and every send
 * pays that. Shared lookup helpers are no better once a worker fills many templates: their
 * property loads see every template's props and turn megamorphic. Generated code gives each
 * field of each template its own property load, so the fill stays a few microseconds however
 * many templates a process sends. We keep Handlebars' parser and its semantics for the subset
 * our templates use (paths, `@data`, the `if`/`unless`/`each` blocks, our helpers,
 * sub-expressions) and refuse anything else at boot. A spec checks the output equals
 * Handlebars' for every template.
 *
 * Nothing from a template becomes code: text, field names and helper names are emitted as
 * JSON string literals, and identifiers are our own counters.
 *
 * Strictness follows Handlebars' `strict` mode: a plain `{{field}}` that the props lack
 * throws, so a typo never sends a blank; helper and block parameters are lenient, so an
 * optional section can test `{{#if image}}`. Names every object inherits (`constructor`,
 * `__proto__`, `toString`, ...) are refused when compiling, so a field is never inherited.
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

export class UnsupportedTemplateError extends Error {}

/** What generated code calls: the helpers, value conversions and the strict-mode error. */
interface Runtime {
  helpers: HelperSet;
  /** A printed value: escaped for HTML, as is for text. */
  text: (value: unknown) => string;
  /** A triple-stash `{{{x}}}` value, never escaped. */
  raw: (value: unknown) => string;
  truthy: (value: unknown) => boolean;
  missing: (name: string, path: string) => never;
}

export function compileFill(source: string, helpers: HelperSet, escape: boolean): Fill {
  const generator = new Generator(helpers);
  const body = generator.program(Handlebars.parse(source), { self: 'props', loop: null });
  // The one place we build code: see the header comment for why it is safe.
  const build = new Function(
    'rt',
    `"use strict"; const { helpers: h, text, raw, truthy, missing } = rt;
    return function fill(props) { let t; let out = ""; ${body} return out; };`,
  ) as (rt: Runtime) => Fill;
  return build({ helpers, text: escape ? escapeHtml : plain, raw: plain, truthy, missing });
}

/** Where generated code finds `this` and the `each` loop's `@` variables. */
interface Scope {
  self: string;
  loop: { index: string; key: string; count: string } | null;
}

/** Names every object inherits: never props, so refusing them keeps `in` to the props' own fields. */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

class Generator {
  private counter = 0;

  constructor(private readonly helpers: HelperSet) {}

  program(program: hbs.AST.Program | undefined, scope: Scope): string {
    return (program?.body ?? []).map((node) => this.statement(node, scope)).join('\n');
  }

  private statement(node: hbs.AST.Statement, scope: Scope): string {
    switch (node.type) {
      case 'ContentStatement': {
        const { value } = node as hbs.AST.ContentStatement;
        return value ? `out += ${JSON.stringify(value)};` : '';
      }
      case 'CommentStatement':
        return '';
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement, scope);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement, scope);
      default:
        throw unsupported(node, `${node.type} is not supported`);
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, scope: Scope): string {
    if (node.path.type !== 'PathExpression')
      throw unsupported(node, 'a mustache must name a field or helper');
    assertNoHash(node);
    const path = node.path as hbs.AST.PathExpression;
    const isHelper = node.params.length > 0 || this.isHelper(path);
    const value = isHelper ? this.call(path, node.params, scope) : this.path(path, scope, true);
    return `out += ${node.escaped ? 'text' : 'raw'}(${value});`;
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): string {
    assertNoHash(node);
    const name = node.path.original;
    if (node.params.length !== 1) throw unsupported(node, `{{#${name}}} takes exactly one parameter`);
    const param = this.expression(node.params[0], scope);
    switch (name) {
      case 'if':
      case 'unless': {
        const [yes, no] = name === 'if' ? [node.program, node.inverse] : [node.inverse, node.program];
        return `if (truthy(${param})) {\n${this.program(yes, scope)}\n} else {\n${this.program(no, scope)}\n}`;
      }
      case 'each':
        return this.each(node, param, scope);
      default:
        throw unsupported(node, `the block helper {{#${name}}} is not supported`);
    }
  }

  /** Handlebars' `each`: arrays by index, plain objects by own key, `{{else}}` when empty. */
  private each(node: hbs.AST.BlockStatement, param: string, scope: Scope): string {
    const n = ++this.counter;
    const [list, keys, count, index, key, self] = ['l', 'ks', 'n', 'i', 'k', 'c'].map((v) => `${v}${n}`);
    const inner: Scope = { self, loop: { index, key, count } };
    return `{ const ${list} = ${param};
      const ${keys} = ${list} !== null && typeof ${list} === "object" && !Array.isArray(${list}) ? Object.keys(${list}) : null;
      const ${count} = ${list} === null || typeof ${list} !== "object" ? 0 : ${keys} ? ${keys}.length : ${list}.length;
      if (${count} > 0) {
        for (let ${index} = 0; ${index} < ${count}; ${index} += 1) {
          const ${key} = ${keys} ? ${keys}[${index}] : ${index};
          const ${self} = ${list}[${key}];
          ${this.program(node.program, inner)}
        }
      } else {
        ${this.program(node.inverse, scope)}
      }
    }`;
  }

  private expression(node: hbs.AST.Expression, scope: Scope): string {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, scope, false);
      case 'SubExpression': {
        const sub = node as hbs.AST.SubExpression;
        assertNoHash(sub);
        return this.call(sub.path, sub.params, scope);
      }
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral': {
        const { value } = node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral;
        return JSON.stringify(value);
      }
      case 'NullLiteral':
        return 'null';
      case 'UndefinedLiteral':
        return 'undefined';
      default:
        throw unsupported(node, `${node.type} is not supported`);
    }
  }

  private call(path: hbs.AST.PathExpression, params: hbs.AST.Expression[], scope: Scope): string {
    if (!this.isHelper(path)) throw unsupported(path, `unknown helper "${path.original}"`);
    // Arguments are evaluated in order, each to a value, before the next uses `t`.
    const args = params.map((param) => this.expression(param, scope));
    return `h[${JSON.stringify(path.original)}](${args.join(', ')})`;
  }

  /**
   * A field's value as an expression. `strict` is for a field printed on its own: the last name
   * must exist. Names before it must hold objects either way, as in Handlebars' strict mode.
   */
  private path(path: hbs.AST.PathExpression, scope: Scope, strict: boolean): string {
    if (path.depth > 0) throw unsupported(path, `parent paths (${path.original}) are not supported`);
    let names = path.parts;
    for (const name of names) {
      if (INHERITED.has(name)) throw unsupported(path, `"${name}" is not a field a template may read`);
    }
    let base = scope.self;
    if (path.data) {
      const [first, ...rest] = names;
      base = this.dataVariable(first, scope, path);
      names = rest;
    }
    if (names.length === 0) return base;
    const where = JSON.stringify(path.original);
    const isObject = 't !== null && typeof t === "object"';
    const steps = [`t = ${base}`];
    names.forEach((name, i) => {
      const key = JSON.stringify(name);
      const last = i === names.length - 1;
      if (!last) steps.push(`t = ${isObject} ? t[${key}] : missing(${key}, ${where})`);
      else if (strict) steps.push(`${isObject} && ${key} in t ? t[${key}] : missing(${key}, ${where})`);
      else steps.push(`${isObject} ? t[${key}] : undefined`);
    });
    return `(${steps.join(', ')})`;
  }

  private dataVariable(name: string, scope: Scope, path: hbs.AST.PathExpression): string {
    if (name === 'root') return 'props';
    const loop = scope.loop;
    if (!loop) return 'undefined';
    switch (name) {
      case 'index':
        return loop.index;
      case 'key':
        return loop.key;
      case 'first':
        return `(${loop.index} === 0)`;
      case 'last':
        return `(${loop.index} === ${loop.count} - 1)`;
      default:
        throw unsupported(path, `@${name} is not supported`);
    }
  }

  private isHelper(path: hbs.AST.PathExpression): boolean {
    return (
      !path.data && path.depth === 0 && path.parts.length === 1 && Object.hasOwn(this.helpers, path.original)
    );
  }
}

/** Handlebars' `if` (without includeZero): false for falsy values, 0 and empty arrays. */
function truthy(value: unknown): boolean {
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

function missing(name: string, path: string): never {
  throw new Error(`"${name}" not defined (in {{${path}}})`);
}

function assertNoHash(node: { hash?: hbs.AST.Hash; loc: hbs.AST.SourceLocation }): void {
  if (node.hash && node.hash.pairs.length > 0) throw unsupported(node, 'hash arguments are not supported');
}

function unsupported(node: { loc?: hbs.AST.SourceLocation }, message: string): UnsupportedTemplateError {
  const line = node.loc ? ` (line ${node.loc.start.line})` : '';
  return new UnsupportedTemplateError(`${message}${line}`);
}
