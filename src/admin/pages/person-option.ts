import { html } from '../html/html';
import type { ParticipantRow } from '../repositories/programme-read.repository';

/**
 * A person in a create-pairing or create-circle list. Someone whose guardian's consent is awaited
 * is shown, marked and disabled, so staff see why they cannot pick them (the server refuses them too).
 */
export function personOption(p: ParticipantRow, awaitingConsent: ReadonlySet<string>, suffix = '') {
  return awaitingConsent.has(p.id)
    ? html`<option value="${p.id}" disabled>
        ${p.name} &lt;${p.email}&gt;${suffix} (guardian consent awaited)
      </option>`
    : html`<option value="${p.id}">${p.name} &lt;${p.email}&gt;${suffix}</option>`;
}
