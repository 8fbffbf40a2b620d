export { extractReply, withReplyText } from './extract-reply';
export { sanitizeReplyHtml } from './html-reply';
export type { ExtractedReply, ExtractionMethod, ReplyInput } from './types';
