/** What the pipeline hands us: mailparser's `parsed.text` / `parsed.html`, plus our own sent texts. */
export interface ReplyInput {
  text?: string | null;
  html?: string | null;
  /** Bodies of the emails we sent that this one answers; their quoted copies are removed verbatim. */
  sentTexts?: string[];
  /** The email's subject: a forward prefix ("Fwd:", "WG:") means the whole body is passed on. */
  subject?: string | null;
}

export type ExtractionMethod = 'sent-text' | 'html' | 'text' | 'fallback' | 'empty' | 'forward';

export interface ExtractedReply {
  /** The text the person newly wrote, trimmed. */
  reply: string;
  /** What was removed (quotes, history, signature), for display; may be ''. */
  quoted: string;
  method: ExtractionMethod;
  /** False when we fell back to the full body rather than risk losing words. */
  confident: boolean;
  /**
   * The same reply as sanitised HTML cut from the HTML part (links, lists, emphasis, `cid:`
   * images), when the email has one and the reply is found in it; absent otherwise.
   */
  html?: string;
}

/** Result of running the line rules over one plain-text rendering of the body. */
export interface TextExtraction {
  reply: string;
  quoted: string;
  /** True when any quote, history marker, signature or footer was found. */
  foundMarker: boolean;
  /** The reply before the signature/footer cut, for the "don't lose words" fallback. */
  unsigned: string;
}
