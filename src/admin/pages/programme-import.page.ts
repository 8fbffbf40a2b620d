import type { CsvEncoding } from '../../common/csv-upload';
import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import type { ImportPlan } from '../services/csv-import';
import { screeningOn } from '../../programs/entities/programme.entity';
import { CSV_COLUMNS } from '../services/csv-import';
import { INVITE_COLUMNS } from '../../enrolment/invite-csv';
import { programmeShell, programmeTabHref } from './programme.page';

/** What the file picker offers: Excel saves "Unicode Text" as .txt, and some tools write .tsv. */
const IMPORT_FILE_TYPES = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';

export function programmeImportPage(
  ctx: PageContext,
  programme: { id: string; name: string; consentAge: number | null; screeningRequired: boolean | null },
  notice?: string,
): string {
  const p = programme;
  return programmeShell(
    ctx,
    p,
    'import',
    html`<h2>Import participants (CSV)</h2>
      <form
        method="post"
        action="/admin/programmes/${p.id}/import"
        enctype="multipart/form-data"
        class="card"
      >
        ${csrfField(ctx)}
        <p class="muted">
          Header line: <code>${CSV_COLUMNS.join(',')}</code>. People sharing a <code>pairing</code> label
          become one pairing (one mentor, one or more mentees); people sharing a <code>circle</code> name
          become that circle (1-2 mentors lead it, 1-12 mentees). You will see a preview first; nothing is
          imported if any line has a problem. Separated by commas, semicolons or tabs; saved as UTF-8, as
          Excel's "Unicode Text" or as its plain "CSV".
        </p>
        <p class="muted">
          <code>background_checked</code> and <code>trained</code> (optional, like 2026-03-01): the dates of a
          mentor's background check and safeguarding training, recorded in your name as if on their
          participant
          page.${
            screeningOn(p)
              ? ' This programme screens mentors: a mentor is given a pairing or circle by the file only with both.'
              : ''
          }
        </p>
        ${
          p.consentAge !== null
            ? html`<p class="muted">
                This programme asks a guardian's consent under ${p.consentAge}, and an imported person's age
                is not known: nobody can be given a pairing or circle by the file. Invite them instead.
              </p>`
            : null
        }
        <label>CSV file <input type="file" name="file" accept="${IMPORT_FILE_TYPES}" /></label>
        <label>or paste it, or cells copied from a spreadsheet <textarea name="csv"></textarea></label
        ><button type="submit">Preview</button>
      </form>
      <h2>Invite participants (CSV)</h2>
      <form method="post" action="/admin/programmes/${p.id}/invites" class="card">
        ${csrfField(ctx)}
        <p class="muted">
          Header line: <code>${INVITE_COLUMNS.join(',')}</code> (role: mentor, mentee or either). Each new
          address gets the confirmation email; addresses already in the programme are skipped. Nothing is sent
          if any line has a problem.
        </p>
        <label>Invitations CSV <textarea name="invites" required></textarea></label
        ><button type="submit">Invite</button>
      </form>`,
    notice,
  );
}

/** A file that was not UTF-8 was read as Excel's plain "CSV" is written on Western systems. */
const NOT_UTF8 =
  'This file is not UTF-8, so it was read as Windows-1252 (what Excel\'s plain "CSV" is on Western ' +
  'systems). Check the names below: if letters look wrong, save the file from your spreadsheet as ' +
  '"CSV UTF-8" and upload it again.';

export function importPreviewPage(
  ctx: PageContext,
  programme: { id: string; name: string },
  plan: ImportPlan,
  csv: string,
  encoding?: CsvEncoding,
): string {
  const bad = plan.rows.filter((r) => r.errors.length).length;
  return page(
    ctx,
    `Import into ${programme.name}`,
    html`${encoding === 'windows-1252' ? html`<p class="caution" role="status">${NOT_UTF8}</p>` : null}
      ${plan.fileErrors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${bad ? html`<p class="error" role="alert">${bad} line(s) have problems. Nothing was imported; fix the file and preview again.</p>` : null}
      ${plan.ok ? html`<p class="ok">${plan.rows.length} participant(s), ${plan.pairings} pairing(s) and ${plan.circles} circle(s) ready to import.</p>` : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Pairing</th>
              <th scope="col">Time zone</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            ${plan.rows.map(
              (
                r,
              ) => html`<tr${r.errors.length ? html` class="error"` : null}><td>${r.line}</td><td>${r.name}${r.preferredName ? html` <span class="muted">(goes by ${r.preferredName})</span>` : null}${r.about ? html`<br /><span class="muted">${r.about}</span>` : null}</td><td>${r.email}</td><td>${r.role}</td>
<td>${r.pairing}</td><td>${r.timeZone}</td><td>${r.errors.length ? html`<span class="line-error">Line ${r.line}: ${r.errors.join('; ')}</span>` : 'ok'}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        plan.ok
          ? html`<form
              method="post"
              action="/admin/programmes/${programme.id}/import/confirm"
              enctype="multipart/form-data"
            >
              ${csrfField(ctx)} <input type="hidden" name="csv" value="${csv}" /><button type="submit">
                Import ${plan.rows.length} participant(s)
              </button>
            </form>`
          : null
      }
      <p>
        <a href="${programmeTabHref(programme.id, 'import')}">Back to importing into ${programme.name}</a>
      </p>`,
  );
}
