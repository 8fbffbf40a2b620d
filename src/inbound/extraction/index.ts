export { extractReply } from './extract-reply';
export type { ExtractedReply, ExtractionMethod, ReplyInput } from './types';
