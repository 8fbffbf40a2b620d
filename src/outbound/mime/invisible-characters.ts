/**
 * Characters a reader does not see, shared by everything that decides what a relayed text shows
 * (display names, address masking, file names in notes).
 *
 * Unicode's Default_Ignorable_Code_Point is the list of what a renderer shows as nothing: soft
 * hyphen, zero-width space and joiners, word joiner, the bidi marks, embeddings, overrides and
 * isolates, byte-order mark, variation selectors, Hangul fillers, tag characters. Placed inside
 * an address they hide it from a pattern ("ann@exa\u200Bmple.org") and not from the reader.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const ANY_INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const ONLY_INVISIBLE = /^\p{Default_Ignorable_Code_Point}+$/u;

/**
 * The explicit bidi formatting characters (embeddings, overrides, isolates and their ends) can
 * change the order in which the other characters are shown: "gro.elpmaxe@nna" after U+202E reads
 * as "ann@example.org". The marks (LRM, RLM, ALM) are left out: they only set the direction of
 * the neutral characters beside them, and Hebrew and Arabic text needs them to place its
 * punctuation.
 */
const ONLY_BIDI_CONTROLS = /^[\u202A-\u202E\u2066-\u2069]+$/u;

export function withoutInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}

export function hasInvisible(s: string): boolean {
  return ANY_INVISIBLE.test(s);
}

export function isInvisible(s: string): boolean {
  return ONLY_INVISIBLE.test(s);
}

export function isBidiControl(s: string): boolean {
  return ONLY_BIDI_CONTROLS.test(s);
}
