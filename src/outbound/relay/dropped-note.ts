import type { DroppedFile } from '../../conversations/entities/message.entity';
import type { DroppedAttachmentReason } from '../../inbound/checks/attachments-policy';
import { withoutInvisible } from '../mime/invisible-characters';
import { HIDDEN_ADDRESS_FILENAME, maskAddresses, type AddressMask } from '../mime/mask-addresses';

/**
 * What the partner's copy says about files the author attached and MentorMail left out, so a
 * missing file is not a silent mystery ("see the attached CV"). The author is told separately,
 * in their own words (notices/dropped-attachments.ts). Null: the reason is not noted, because
 * the author did not choose that file (a signature their client adds to every email).
 */
const WHY: Record<DroppedAttachmentReason, string | null> = {
  smime_signature: null,
  pgp_signature: null,
  smime_message: 'signed or encrypted email',
  certificate: 'certificate, which carries an email address',
  pgp_key: 'PGP key, which carries an email address',
  vcard: 'contact card, which carries an email address',
  winmail_dat: 'Outlook-only file',
  type_not_allowed: 'file type not allowed',
  too_large: 'file too large',
  total_too_large: 'attachments too large together',
};

const MAX_NAME = 80;

/** "1 attachment was not passed on: setup.exe (file type not allowed)." or null. */
export function droppedNote(dropped: readonly DroppedFile[], mask: AddressMask): string | null {
  const noted = dropped.filter((d) => WHY[d.reason] !== null);
  if (noted.length === 0) return null;
  const files = noted.map((d) => {
    // Read as safeName reads a kept file's name (NFKC: "﹫" is "@"), without the invisible
    // characters a name has no use for and that could hide or reorder an address.
    const written = withoutInvisible((d.filename || `unnamed ${d.contentType} file`).normalize('NFKC'));
    const name = maskAddresses(written, { ...mask, replacement: HIDDEN_ADDRESS_FILENAME });
    const shown = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
    return `${shown} (${WHY[d.reason]})`;
  });
  const count = noted.length === 1 ? '1 attachment was' : `${noted.length} attachments were`;
  return `${count} not passed on: ${files.join(', ')}.`;
}
