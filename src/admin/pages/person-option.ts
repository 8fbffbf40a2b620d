import { html } from '../html/html';
import type { ParticipantRow } from '../repositories/programme-read.repository';

/**
 * A person in a create-pairing or create-circle list. Someone who may not be placed yet (a
 * guardian's consent awaited, a mentor's screening not recorded) is shown, marked with why and
 * disabled, so staff see why they cannot pick them (the server refuses them too).
 */
export function personOption(p: ParticipantRow, notPlaceable: ReadonlyMap<string, string>, suffix = '') {
  const why = notPlaceable.get(p.id);
  return why
    ? html`<option value="${p.id}" disabled>${p.name} &lt;${p.email}&gt;${suffix} (${why})</option>`
    : html`<option value="${p.id}">${p.name} &lt;${p.email}&gt;${suffix}</option>`;
}
