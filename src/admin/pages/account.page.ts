import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import { allZones, viewerZone } from '../html/viewer-zone';

export interface DigestSettings {
  on: boolean;
  /** The programmes this staff member coordinates; none means the digest covers every programme. */
  programmes: { id: string; name: string }[];
}

export function accountPage(
  ctx: PageContext,
  newToken: string | undefined,
  digest: DigestSettings,
  notice?: string,
): string {
  const zone = viewerZone();
  return page(
    ctx,
    'Account',
    html`${notice ? html`<p class="ok" role="status">${notice}</p>` : null}
      <p>Signed in as <strong>${ctx.staffEmail}</strong>.</p>
      <h2 id="time-zone">Time zone</h2>
      <form method="post" action="/admin/account/time-zone" class="card">
        ${csrfField(ctx)}
        <p class="muted">Every time in the admin is shown in this zone, in this browser.</p>
        <label
          >Show times in
          <select name="timeZone">
            ${allZones().map((z) => html`<option value="${z}" ${z === zone ? 'selected' : null}>${z}</option>`)}
          </select></label
        >
        <button type="submit">Save time zone</button>
      </form>
      <h2>API token</h2>
      <p class="muted">
        For scripts: send <code>Authorization: Bearer TOKEN</code> to the JSON API under
        <a href="/api/docs">/api</a>. A new token replaces the previous one.
      </p>
      ${newToken ? html`<p class="ok">Your new token (shown once): <code>${newToken}</code></p>` : null}
      <form method="post" action="/admin/account/token">
        ${csrfField(ctx)}<button type="submit">Create a new API token</button>
      </form>
      <h2>Weekly digest</h2>
      <form method="post" action="/admin/account/digest" class="weekly-digest">
        ${csrfField(ctx)}
        <label
          ><input type="checkbox" name="weeklyDigest" value="yes" ${digest.on ? 'checked' : ''} /> Email me a
          weekly digest: new at-risk pairings, snoozed items now due, each programme's funnel and reply
          times</label
        >
        <button type="submit" class="secondary">Save</button>
      </form>
      <p class="digest-scope">
        ${
          digest.programmes.length
            ? html`It covers the programmes you coordinate:
              ${digest.programmes.map(
                (p, i) =>
                  html`${i ? ', ' : ''}<a href="/admin/programmes/${p.id}#coordinators">${p.name}</a>`,
              )}.`
            : html`You coordinate no programme, so it covers every programme. A programme's overview page sets
              its coordinators.`
        }
      </p>`,
  );
}
