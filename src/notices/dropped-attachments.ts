import type { DroppedAttachment, DroppedAttachmentReason } from '../inbound/checks';

/** Why a file was left out, in the author's words; every reason the policy can give has one. */
const WHY: Record<DroppedAttachmentReason, string> = {
  smime_signature: 'a digital signature (S/MIME), which carries your email address',
  smime_message: 'a signed or encrypted email (S/MIME), which carries your email address',
  certificate: 'a certificate, which carries your email address',
  pgp_key: 'a PGP key, which carries your email address',
  pgp_signature: 'a PGP signature, which identifies your key and email address',
  vcard: 'a contact card, which carries your email address',
  winmail_dat: 'an Outlook-only file (winmail.dat), which carries your email details',
  type_not_allowed: 'a kind of file MentorMail cannot check, so it does not pass it on',
  too_large: 'larger than MentorMail passes on for one file',
  total_too_large: 'the attachments together were larger than MentorMail passes on',
};

/** The notice's list: the name the author gave (theirs to see), or the type when there was none. */
export function droppedFileLines(dropped: DroppedAttachment[]): { name: string; why: string }[] {
  return dropped.map((d) => ({
    name: (d.filename || `an unnamed ${d.contentType} file`).slice(0, 120),
    why: WHY[d.reason],
  }));
}
