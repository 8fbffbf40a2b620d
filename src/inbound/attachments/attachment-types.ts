import type { Attachment } from 'mailparser';

/**
 * The allow-list of attachment types we relay. A type not named here is dropped (and the author
 * told): a deny-list would let every new leaky format through (a vCard as `.card`, a certificate,
 * an archive holding either), an allow-list fails closed.
 *
 * Binary files are relayed as they are, but only when their first bytes are one of these formats:
 * a text file (say a contact card) labelled image/png would otherwise skip the masking that text
 * gets. Any allowed format will do, not only the declared one, because mislabelled files are
 * common and harmless (a JPEG sent as image/gif, a PNG named .jpg); a ZIP signature counts only
 * for the office formats, as archives are not on the list. Their inner metadata (PDF author,
 * EXIF) is not rewritten; see the README's threat model.
 */
interface BinaryKind {
  types: string[];
  extensions: string[];
  /** Alternatives; each is a list of [offset, bytes as latin1] that must all match. */
  magic: [number, string][][];
}

const FTYP: [number, string][] = [[4, 'ftyp']];
const ZIP: [number, string][] = [[0, 'PK\x03\x04']];

const BINARY_KINDS: BinaryKind[] = [
  { types: ['image/png'], extensions: ['png'], magic: [[[0, '\x89PNG']]] },
  {
    types: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    magic: [[[0, '\xff\xd8\xff']]],
  },
  { types: ['image/gif'], extensions: ['gif'], magic: [[[0, 'GIF8']]] },
  {
    types: ['image/webp'],
    extensions: ['webp'],
    magic: [
      [
        [0, 'RIFF'],
        [8, 'WEBP'],
      ],
    ],
  },
  { types: ['image/heic', 'image/heif', 'image/avif'], extensions: ['heic', 'heif', 'avif'], magic: [FTYP] },
  { types: ['image/tiff'], extensions: ['tif', 'tiff'], magic: [[[0, 'II*\x00']], [[0, 'MM\x00*']]] },
  { types: ['image/bmp'], extensions: ['bmp'], magic: [[[0, 'BM']]] },
  {
    types: ['image/x-icon', 'image/vnd.microsoft.icon'],
    extensions: ['ico'],
    magic: [[[0, '\x00\x00\x01\x00']]],
  },
  { types: ['application/pdf'], extensions: ['pdf'], magic: [[[0, '%PDF-']]] },
  {
    types: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
      'application/vnd.oasis.opendocument.presentation',
      'application/vnd.apple.pages',
      'application/vnd.apple.keynote',
      'application/vnd.apple.numbers',
    ],
    extensions: ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'pages', 'key', 'numbers'],
    magic: [ZIP],
  },
  {
    types: ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'],
    extensions: ['doc', 'xls', 'ppt'],
    magic: [[[0, '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1']]],
  },
  {
    types: ['audio/mpeg', 'audio/mp3'],
    extensions: ['mp3'],
    magic: [[[0, 'ID3']], [[0, '\xff\xfb']], [[0, '\xff\xf3']], [[0, '\xff\xf2']]],
  },
  {
    types: ['audio/mp4', 'audio/x-m4a', 'audio/m4a', 'video/mp4', 'video/quicktime', 'video/3gpp'],
    extensions: ['m4a', 'mp4', 'mov', '3gp'],
    magic: [FTYP, [[4, 'moov']], [[4, 'wide']], [[4, 'mdat']]],
  },
  {
    types: ['audio/ogg', 'video/ogg', 'audio/opus'],
    extensions: ['ogg', 'oga', 'ogv', 'opus'],
    magic: [[[0, 'OggS']]],
  },
  {
    types: ['audio/wav', 'audio/x-wav', 'audio/wave'],
    extensions: ['wav'],
    magic: [
      [
        [0, 'RIFF'],
        [8, 'WAVE'],
      ],
    ],
  },
  { types: ['video/webm', 'audio/webm'], extensions: ['webm'], magic: [[[0, '\x1a\x45\xdf\xa3']]] },
];

/** Text we can read, mask and relay. JSON and XML cover their `+json`/`+xml` dialects too. */
const TEXT_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/rtf',
  'application/x-yaml',
  'application/yaml',
  'application/csv',
  'application/x-subrip',
]);
const TEXT_EXTENSIONS = new Set([
  'txt',
  'text',
  'md',
  'markdown',
  'csv',
  'tsv',
  'json',
  'xml',
  'html',
  'htm',
  'rtf',
  'log',
  'yaml',
  'yml',
  'srt',
  'vtt',
  'asc',
]);

export const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar']);
const CALENDAR_EXTENSIONS = new Set(['ics', 'ical', 'ifb', 'vcs']);
export const EMAIL_TYPES = new Set(['message/rfc822', 'message/global']);
const EMAIL_EXTENSIONS = new Set(['eml']);

/** Types that say nothing about the content, so the file name decides what it claims to be. */
const UNTYPED = new Set([
  'application/octet-stream',
  'application/x-download',
  'application/download',
  'binary/octet-stream',
]);

/**
 * The attachment's MIME type, lower-cased. mailparser leaves `contentType` false for a header it
 * cannot read; such a file says nothing about itself, like application/octet-stream.
 */
export function mimeTypeOf(attachment: Attachment): string {
  const type: unknown = attachment.contentType;
  // Only the type itself: a broken header can leave parameters in it ("application/pdf name=x.pdf").
  const bare = typeof type === 'string' ? type.trim().split(/[\s;]/)[0].toLowerCase() : '';
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(bare) ? bare : 'application/octet-stream';
}

export function extensionOf(filename: string | undefined): string {
  const name = (filename ?? '').toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1);
}

function matches(content: Buffer, magic: [number, string][][]): boolean {
  return magic.some((all) =>
    all.every(
      ([offset, bytes]) => content.subarray(offset, offset + bytes.length).toString('latin1') === bytes,
    ),
  );
}

export type BinaryVerdict = 'not_binary' | 'verified' | 'mismatch';

/**
 * Whether the attachment claims an allowed binary type (by type, or by name when untyped), and
 * whether its bytes are an allowed binary format (see the note at the top).
 */
export function binaryVerdict(attachment: Attachment): BinaryVerdict {
  const type = mimeTypeOf(attachment);
  const ext = extensionOf(attachment.filename);
  const kind = BINARY_KINDS.find(
    (k) => k.types.includes(type) || (UNTYPED.has(type) && k.extensions.includes(ext)),
  );
  if (!kind) return 'not_binary';
  if (matches(attachment.content, kind.magic)) return 'verified';
  const other = BINARY_KINDS.some(
    (k) => k.magic !== kind.magic && !k.magic.includes(ZIP) && matches(attachment.content, k.magic),
  );
  return other ? 'verified' : 'mismatch';
}

function claims(attachment: Attachment, types: Set<string>, extensions: Set<string>): boolean {
  const type = mimeTypeOf(attachment);
  return types.has(type) || (UNTYPED.has(type) && extensions.has(extensionOf(attachment.filename)));
}

export function claimsCalendar(attachment: Attachment): boolean {
  return claims(attachment, CALENDAR_TYPES, CALENDAR_EXTENSIONS);
}

export function claimsEmail(attachment: Attachment): boolean {
  return claims(attachment, EMAIL_TYPES, EMAIL_EXTENSIONS);
}

export function claimsText(attachment: Attachment): boolean {
  const type = mimeTypeOf(attachment);
  return (
    (type.startsWith('text/') && !CALENDAR_TYPES.has(type)) ||
    TEXT_TYPES.has(type) ||
    /^application\/[a-z0-9.+-]+\+(json|xml)$/.test(type) ||
    (UNTYPED.has(type) && TEXT_EXTENSIONS.has(extensionOf(attachment.filename)))
  );
}

const SVG_OR_XSLT = new Set(['svg', 'svgz', 'xsl', 'xslt']);

/**
 * XML whose viewer computes the text it shows: an SVG drawing (its letters may sit in separate
 * elements, or be drawn in any order) or a document with an XSLT stylesheet, which can put an
 * address together from pieces. Masking sees only the pieces, so such a file is not relayed as
 * text. HTML is not among them: it is sanitised, which removes what could compute text.
 */
export function rendersComputedText(attachment: Attachment): boolean {
  if (mimeTypeOf(attachment) === 'image/svg+xml') return true;
  if (SVG_OR_XSLT.has(extensionOf(attachment.filename))) return true;
  const head = attachment.content
    .subarray(0, 4096)
    .toString('latin1')
    .replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '')
    .trimStart();
  return /^<(?:\?xml|svg[\s>]|!doctype svg)/i.test(head) && /<\?xml-stylesheet|<svg[\s>]|<xsl:/i.test(head);
}
