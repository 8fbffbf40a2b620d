import { html, type SafeHtml } from '../html/html';
import { when } from '../html/format';
import { csrfField, type PageContext } from '../html/layout';
import {
  SCREENING_CHECKS,
  SCREENING_LABEL,
  SCREENING_NAME,
  type ScreeningCheck,
  type ScreeningOutcome,
  type ScreeningRecord,
  type ScreeningState,
} from './screening';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The participant page's screening section: whether the programme asks for it, each check as
 * recorded, and the form to record or clear it. Every sentence says what the button does, no more.
 */
export function screeningSection(ctx: PageContext, participantId: string, s: ScreeningState): SafeHtml {
  return html`<section aria-labelledby="screening-heading" data-screening>
    <h2 id="screening-heading">Screening</h2>
    <p data-screening-required="${s.required ? 'yes' : 'no'}">
      ${
        s.required
          ? html`This programme asks for screening: a mentor is placed (matched, paired, given a circle to
            lead, let into a topic room) only once both checks below are recorded. A mentee needs neither.`
          : html`This programme does not ask for screening: what is recorded here changes nobody's pairings,
            circles or rooms.`
      }
    </p>
    ${
      s.clearedAt
        ? html`<p class="muted" data-screening-cleared>
            ${
              s.lapsed
                ? html`A check lapsed on ${when(s.clearedAt)}: it was older than this programme keeps it
                  valid.`
                : html`A check was last cleared on ${when(s.clearedAt)}.`
            }
          </p>`
        : null
    }
    ${SCREENING_CHECKS.map((check) => checkCard(ctx, participantId, check, s))}
  </section>`;
}

function checkCard(
  ctx: PageContext,
  participantId: string,
  check: ScreeningCheck,
  s: ScreeningState,
): SafeHtml {
  const record = s[check];
  // The form's default and limit only; the server checks the day against the app's clock.
  const today = new Date().toISOString().slice(0, 10);
  const name = SCREENING_NAME[check];
  const fields = html`${csrfField(ctx)}<input type="hidden" name="check" value="${check}" />`;
  const action = `/admin/participants/${participantId}/screening`;
  const form = record.recordedAt
    ? html`<p>${clearingDoes(name, s.required)}</p>
        <form method="post" action="${action}">
          ${fields}<input type="hidden" name="action" value="clear" />
          <label
            ><input type="checkbox" name="confirm" value="yes" required /> I understand what clearing the
            ${name} does</label
          >
          <button type="submit" class="danger">Clear the ${name}</button>
        </form>`
    : html`<p>${recordingDoes(name, s.required)}</p>
        <form method="post" action="${action}">
          ${fields}<input type="hidden" name="action" value="record" />
          <label>Done on <input type="date" name="on" value="${today}" max="${today}" required /></label>
          <button type="submit">Record the ${name}</button>
        </form>`;
  return html`<div class="card" data-check="${check}">
    <h3>${SCREENING_LABEL[check]}</h3>
    <p data-check-state>${recordedLine(record)}</p>
    ${form}
  </div>`;
}

function clearingDoes(name: string, required: boolean): string {
  return required
    ? `Clearing the ${name} removes this record. As this programme asks for screening, it also ` +
        `pauses their active pairings in which they are the mentor (the pair's mail waits until staff ` +
        `resume or end it), and takes them out of the circles they lead and the topic rooms they are in. ` +
        `Recording it again undoes none of this: resume the pairings by hand.`
    : `Clearing the ${name} removes this record. As this programme does not ask for screening, no ` +
        `pairing, circle or room changes.`;
}

function recordingDoes(name: string, required: boolean): string {
  const done = `Recording it notes the ${name} as done on the day you give, by you.`;
  return required
    ? `${done} Once both checks are recorded they may be placed as a mentor; pairings paused when a ` +
        `check was cleared stay paused until staff resume them.`
    : done;
}

function recordedLine(record: ScreeningRecord): string {
  if (!record.recordedAt) return 'Not recorded.';
  const by = record.recordedBy ? ` by ${record.recordedBy}` : ' (who recorded it is not known)';
  return `Recorded on ${when(record.recordedAt)}${by}.`;
}

/** What a change did, for the notice on the page it redirects to. */
export function screeningNotice(o: ScreeningOutcome): string {
  const name = SCREENING_NAME[o.check];
  const Name = name[0].toUpperCase() + name.slice(1);
  if (!o.changed)
    return `The ${name} was ${o.recorded ? 'already recorded' : 'not recorded'}: nothing changed.`;
  if (o.recorded) return `${Name} recorded.`;
  if (!o.required) return `${Name} cleared. This programme does not ask for screening: nothing else changed.`;
  const w = o.withdrawn;
  return (
    `${Name} cleared. ${plural(w.pausedPairs, 'pairing', 'pairings')} where they are the mentor paused; ` +
    `they left ${plural(w.circlesLeft, 'circle', 'circles')} they lead and ${plural(w.roomsLeft, 'topic room', 'topic rooms')}. ` +
    `Recording it again resumes none of them.`
  );
}
