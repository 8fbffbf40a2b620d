import { rewriteCalendar, type CalendarRewriteOptions } from '../inbound/attachments/calendar';
import { extractReply, type ExtractedReply, type ReplyInput } from '../inbound/extraction';
import { MalformedEmailError, parseInbound, type ParsedInbound } from '../inbound/parsing/parse-inbound';
import { buildMime, InvalidOutgoingMailError, type AddressMask, type OutgoingMail } from '../outbound/mime';
import { relayedHtml, type RelayedHtml } from '../outbound/relay/relay-html';

/** One relayed copy's HTML, see relayedHtml. */
export interface RelayedHtmlInput {
  stored: string;
  cids: ReadonlyMap<string, string>;
  mask: AddressMask;
}

/**
 * The work a thread can take off the event loop: the CPU-heavy steps of every relayed email
 * (reading the MIME, cutting the reply, preparing each copy's HTML, writing the copy's MIME).
 * Each is a function of its input alone, which crosses to the thread and back by structured
 * clone, so a task gives the same value on a thread as inline; `restore` undoes what the clone
 * changes (a Buffer arrives as a plain Uint8Array).
 */
export const OFFLOAD_TASKS = {
  parseInbound: (raw: Uint8Array): Promise<ParsedInbound> => parseInbound(asBuffer(raw)),
  extractReply: (input: ReplyInput): ExtractedReply => extractReply(input),
  relayedHtml: ({ stored, cids, mask }: RelayedHtmlInput): RelayedHtml => relayedHtml(stored, cids, mask),
  // A calendar's HTML description is sanitised and masked like a copy's HTML, at the same cost.
  rewriteCalendar: ({ text, options }: { text: string; options: CalendarRewriteOptions }): string =>
    rewriteCalendar(text, options),
  buildMime: (mail: OutgoingMail): Promise<Buffer> =>
    buildMime({
      ...mail,
      attachments: mail.attachments?.map((a) => ({ ...a, content: asBuffer(a.content) })),
    }),
};

export type OffloadTask = keyof typeof OFFLOAD_TASKS;
export type TaskInput<K extends OffloadTask> = Parameters<(typeof OFFLOAD_TASKS)[K]>[0];
export type TaskOutput<K extends OffloadTask> = Awaited<ReturnType<(typeof OFFLOAD_TASKS)[K]>>;

/** Each task's result as it left the thread, made what the inline call returns. */
export const RESTORE: { [K in OffloadTask]: (cloned: TaskOutput<K>) => TaskOutput<K> } = {
  parseInbound: (parsed) => {
    // `attachments` is `mail.attachments` itself (the clone keeps that), so each is fixed once.
    for (const a of new Set([...parsed.attachments, ...(parsed.mail.attachments ?? [])])) {
      a.content = asBuffer(a.content);
    }
    return parsed;
  },
  extractReply: (reply) => reply,
  relayedHtml: (html) => html,
  rewriteCalendar: (text) => text,
  buildMime: (raw) => asBuffer(raw),
};

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An error as it crosses from the thread: what the callers' `instanceof` and messages need. */
export interface CrossedError {
  name: string;
  message: string;
  detail?: string;
  problem?: MalformedEmailError['problem'];
}

export function crossError(error: unknown): CrossedError {
  if (error instanceof MalformedEmailError)
    return { name: error.name, message: error.message, detail: error.detail, problem: error.problem };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message };
}

/** The error the inline call would have thrown: our own classes come back as themselves. */
export function reviveError(crossed: CrossedError): Error {
  if (crossed.name === 'MalformedEmailError')
    return new MalformedEmailError(crossed.detail!, crossed.problem);
  if (crossed.name === 'InvalidOutgoingMailError') return new InvalidOutgoingMailError(crossed.message);
  const error = new Error(crossed.message);
  error.name = crossed.name;
  return error;
}
