import { when } from '../html/format';
import type { CircleProposalDetail } from '../../matching/circle-proposals.repository';
import type { ProposalDetail } from '../../matching/proposals.repository';
import { circlesSection } from './match-circles.section';
import type { Programme } from '../../programs/entities/programme.entity';
import { html } from '../html/html';
import { csrfField, page, type PageContext } from '../html/layout';
import { dataTable, tableState, tableView, type Column } from '../html/data-table';

export interface MatchPageNotice {
  ok?: string;
  error?: string;
}

const STATUS_WORDS = {
  open: 'open: not applied yet',
  applied: 'applied',
  superseded: 'replaced by a newer run',
} as const;

type ProposedPair = ProposalDetail['pairs'][number];

/** The proposal's pairs: searched by either name or the why, sorted by score (a long list at 300 people). */
function pairColumns(
  ctx: PageContext,
  base: string,
  proposalId: string,
  open: boolean,
): Column<ProposedPair>[] {
  return [
    {
      key: 'mentor',
      label: 'Mentor',
      cell: (x) => x.mentorName,
      sortBy: (x) => x.mentorName,
      search: (x) => x.mentorName,
    },
    {
      key: 'mentee',
      label: 'Mentee',
      cell: (x) => x.menteeName,
      sortBy: (x) => x.menteeName,
      search: (x) => x.menteeName,
    },
    { key: 'score', label: 'Score', cell: (x) => x.score, sortBy: (x) => x.score },
    { key: 'why', label: 'Why', cell: (x) => x.explanation, search: (x) => x.explanation },
    {
      key: 'action',
      label: open ? 'Exclude' : 'Pairing',
      cell: (pair) =>
        open
          ? html`<form method="post" action="${base}/${proposalId}/exclude" class="inline">
              ${csrfField(ctx)}<input type="hidden" name="mentorId" value="${pair.mentorId}" /><input
                type="hidden"
                name="menteeId"
                value="${pair.menteeId}"
              /><button type="submit" class="secondary" title="Never pair these two; re-runs the match">
                Never pair ${pair.mentorName} with ${pair.menteeName}
              </button>
            </form>`
          : pair.pairingId
            ? html`<a href="/admin/pairings/${pair.pairingId}">pairing</a>`
            : html`<span class="muted">${pair.skippedReason ?? ''}</span>`,
    },
  ];
}

/** A programme's newest proposal for review: pairs with why, who is left out and why, and the actions. */
export function matchPage(
  ctx: PageContext,
  programme: Programme,
  detail: ProposalDetail | null,
  notice: MatchPageNotice,
  query: Record<string, unknown> = {},
  circles: CircleProposalDetail | null = null,
): string {
  const base = `/admin/programmes/${programme.id}/match`;
  const p = detail?.proposal;
  const open = p?.status === 'open';
  const mentees = detail?.unmatched.filter((u) => u.side === 'mentee') ?? [];
  const mentors = detail?.unmatched.filter((u) => u.side === 'mentor') ?? [];
  const columns = p ? pairColumns(ctx, base, p.id, open) : [];
  const state = tableState(query, columns);
  return page(
    ctx,
    `Matching: ${programme.name}`,
    html`${notice.ok ? html`<p class="ok" role="status">${notice.ok}</p>` : null}
      ${notice.error ? html`<p class="error" role="alert">${notice.error}</p>` : null}
      <p><a href="/admin/programmes/${programme.id}">Back to ${programme.name}</a></p>
      <div class="card">
        Matching mode <strong>${programme.matchingMode}</strong>.
        ${
          programme.matchingMode === 'automatic'
            ? 'The schedule tick matches people on its own as they become ready; you may still run and apply a match here.'
            : 'Run a match over the people who are ready (confirmed, profile complete, consented where needed, not paired yet), review it, then accept it.'
        }
      </div>
      <form method="post" action="${base}/run" class="inline">
        ${csrfField(ctx)}<button type="submit" class="secondary">
          ${p ? 'Re-run the match' : 'Run a match'}
        </button>
      </form>
      ${
        !detail || !p
          ? html`<p class="muted">No proposal yet.</p>`
          : html`<h2>Proposal (${STATUS_WORDS[p.status]})</h2>
              <div class="card" id="totals">
                ${detail.pairs.length} pairs · total score <strong>${p.totalScore}</strong> · a greedy
                best-pair-first pass would score ${p.greedyScore}, first-come ${p.firstComeScore} · made
                ${when(p.createdAt)} by ${p.madeBy}
              </div>
              <div id="pairs">
                ${dataTable({
                  base,
                  label: 'Pairs',
                  columns,
                  state,
                  view: tableView(detail.pairs, columns, state),
                })}
              </div>
              <h2>Left out</h2>
              ${
                mentees.length + mentors.length === 0
                  ? html`<p class="muted">Everybody ready is matched.</p>`
                  : html`<ul id="unmatched">
                      ${mentees.map((u) => html`<li>${u.name} (mentee): ${u.detail}</li>`)}
                      ${mentors.map((u) => html`<li>${u.name} (mentor): ${u.detail}</li>`)}
                    </ul>`
              }
              ${
                open && detail.pairs.length >= 2
                  ? html`<h2>Swap two mentees' mentors</h2>
                      <form method="post" action="${base}/${p.id}/swap" class="card">
                        ${csrfField(ctx)}
                        <label
                          >Mentee
                          <select name="menteeA" required>
                            ${detail.pairs.map((x) => html`<option value="${x.menteeId}">${x.menteeName} (with ${x.mentorName})</option>`)}
                          </select></label
                        >
                        <label
                          >and mentee
                          <select name="menteeB" required>
                            ${detail.pairs.map((x) => html`<option value="${x.menteeId}">${x.menteeName} (with ${x.mentorName})</option>`)}
                          </select></label
                        >
                        <button type="submit" class="secondary">Swap their mentors</button>
                      </form>`
                  : null
              }
              ${
                open && detail.pairs.length > 0
                  ? html`<h2>Accept all</h2>
                      <form method="post" action="${base}/${p.id}/apply" class="card">
                        ${csrfField(ctx)}
                        <label
                          ><input type="checkbox" name="confirm" value="yes" required /> Create these
                          ${detail.pairs.length} pairings now: each gets its relay address and both people get
                          their welcome email.</label
                        >
                        <button type="submit">Accept all ${detail.pairs.length} pairs</button>
                      </form>`
                  : null
              }`
      }
      ${circlesSection(ctx, base, circles)}`,
  );
}
