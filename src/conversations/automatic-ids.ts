/**
 * Message-IDs of what MentorMail writes on its own (notices, command confirmations, digests)
 * carry this prefix, so a reply to one is known by its In-Reply-To alone, with no lookup: it
 * must not join, or name, a thread (a reply to "Done: resume" is a new message, not "Re: Done:
 * resume"). A forged prefix only makes the sender's own reply start a new thread.
 */
export const AUTOMATIC_PREFIX = 'auto.';

export function automaticMessageId(randomPart: string, domain: string): string {
  return `${AUTOMATIC_PREFIX}${randomPart}@${domain}`;
}

export function isAutomaticMessageId(id: string | null | undefined): boolean {
  return !!id && id.startsWith(AUTOMATIC_PREFIX);
}

/** The message a reply answers: In-Reply-To, else the newest of References. */
export function parentOf(inReplyTo: string | null, references: readonly string[]): string | null {
  return inReplyTo ?? references.at(-1) ?? null;
}
