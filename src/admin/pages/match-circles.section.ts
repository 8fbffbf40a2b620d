import type { CircleProposalDetail, ProposedCircleDetail } from '../../matching/circle-proposals.repository';
import { when } from '../html/format';
import { html } from '../html/html';
import { csrfField, type PageContext } from '../html/layout';

const names = (c: ProposedCircleDetail, role: 'mentor' | 'mentee') =>
  c.people
    .filter((p) => p.role === role)
    .map((p) => p.name)
    .join(', ');

function circleCard(ctx: PageContext, base: string, c: ProposedCircleDetail, open: boolean) {
  const title = `${c.topic[0].toUpperCase()}${c.topic.slice(1)} circle`;
  const members = c.people.filter((p) => p.role === 'mentee').length;
  return html`<li class="card" data-circle="${c.id}">
    <h3>${c.topic}: ${members} members</h3>
    <p><strong>Leads:</strong> ${names(c, 'mentor')}</p>
    <p><strong>Members:</strong> ${names(c, 'mentee')}</p>
    <p class="muted">${c.explanation}</p>
    ${
      c.status === 'accepted' && c.pairingId
        ? html`<p>Accepted: <a href="/admin/circles/${c.pairingId}">the circle's page</a></p>`
        : c.status === 'discarded'
          ? html`<p class="muted">Discarded ${c.decidedAt ? when(c.decidedAt) : ''}</p>`
          : open
            ? html`<form method="post" action="${base}/circles/${c.id}/accept">
                  ${csrfField(ctx)}
                  <label>Name <input name="name" value="${title}" maxlength="80" required /></label>
                  <label
                    ><input type="checkbox" name="confirm" value="yes" required /> Create this circle now: it
                    gets its relay address and everyone in it gets their welcome email.</label
                  >
                  <button type="submit">Accept this circle</button>
                </form>
                <form method="post" action="${base}/circles/${c.id}/discard" class="inline">
                  ${csrfField(ctx)}<button type="submit" class="secondary">Discard this circle</button>
                </form>`
            : null
    }
  </li>`;
}

/** The match page's circles: propose by shared topic, then accept or discard each; who is left for pairs. */
export function circlesSection(ctx: PageContext, base: string, detail: CircleProposalDetail | null) {
  const open = detail?.proposal.status === 'open';
  return html`<section id="circles">
    <h2>Circles by shared topic</h2>
    <p>
      Groups mentees who list the same topic with one or two mentors who cover it (at least 3 and at most 6
      members a lead, 12 at most), everyone within the programme's rules. A circle takes one place of each
      lead. Mentees in no circle are left for one-to-one matching: accept circles first, then run the match
      for pairs.
    </p>
    <form method="post" action="${base}/circles/run" class="inline">
      ${csrfField(ctx)}<button type="submit" class="secondary">
        ${detail ? 'Propose circles again' : 'Propose circles'}
      </button>
    </form>
    ${
      !detail
        ? html`<p class="muted">No circles proposed yet.</p>`
        : html`<p class="muted">
              ${open ? 'Open' : 'Replaced by a newer run'} · made ${when(detail.proposal.createdAt)} by
              ${detail.proposal.madeBy}
            </p>
            ${
              detail.circles.length === 0
                ? html`<p class="muted">No circle can be formed from the people ready now.</p>`
                : html`<ul id="proposed-circles">
                    ${detail.circles.map((c) => circleCard(ctx, base, c, open))}
                  </ul>`
            }
            ${
              detail.leftOut.length > 0
                ? html`<h3>Left for one-to-one matching</h3>
                    <ul id="circle-left-out">
                      ${detail.leftOut.map((l) => html`<li>${l.name}: ${l.detail}</li>`)}
                    </ul>`
                : null
            }`
    }
  </section>`;
}
