import { barChart, lineChart } from '../html/charts';
import { duration } from '../html/format';
import { html } from '../html/html';
import type { PageContext } from '../html/layout';
import { funnelRows } from '../repositories/funnel.repository';
import type { ProgrammeReport } from '../services/report.service';
import { REPORT_EXPORTS, type ReportExport } from '../services/report.service';
import { programmeShell } from './programme.page';

const EXPORT_TEXT: Record<ReportExport, string> = {
  pairings: 'Pairings: members, status, start and end',
  activity: 'Activity: messages per side, prompts, last message',
  surveys: 'Survey answers: pulse and close-survey scores with comments',
};

const SIDES = ['mentor', 'mentee'] as const;

export function reportPage(ctx: PageContext, r: ProgrammeReport): string {
  const id = r.programme.id;
  const funnel = funnelRows(r.funnel);
  const reply = SIDES.map((side) => {
    const row = r.replyTimes.find((t) => t.role === side);
    return {
      label: `${side}s`,
      value: row ? row.medianSeconds / 3600 : 0,
      text: row ? `${duration(row.medianSeconds)} (${row.replies} replies)` : 'no replies yet',
    };
  });
  const pulse = r.pulse.map((w) => ({
    label: new Date(w.week).toISOString().slice(5, 10),
    value: w.average,
    text: `${w.average.toFixed(1)} (${w.votes} votes)`,
  }));
  const scores = [1, 2, 3, 4, 5].map((score) => {
    const per = SIDES.map((side) => r.closeSurvey.find((s) => s.role === side && s.score === score)?.n ?? 0);
    return {
      label: `${score}`,
      value: per[0] + per[1],
      text: `${per[0] + per[1]} (mentors ${per[0]}, mentees ${per[1]})`,
    };
  });
  const answered = scores.reduce((a, s) => a + s.value, 0);
  const mean = answered ? scores.reduce((a, s) => a + Number(s.label) * s.value, 0) / answered : null;
  return programmeShell(
    ctx,
    r.programme,
    'report',
    html`<h2>Funnel</h2>
      <p class="muted">
        People who reached each stage. Active at week N: wrote in their pair in week N or later. Closed well:
        answered the close survey, or their pair ended at its planned end date.
      </p>
      ${barChart(
        {
          id: 'funnel',
          title: 'Funnel',
          desc: `People at each stage, of ${r.funnel.invited} invited.`,
          columns: ['Stage', 'People (% of invited)'],
        },
        funnel.map((f) => ({ label: f.stage, value: f.n, text: `${f.n} (${f.pct}%)` })),
      )}
      <h2>Median reply time</h2>
      <p class="muted">
        How long each side takes to answer the other's message, middle value over all replies.
      </p>
      ${barChart(
        {
          id: 'reply-times',
          title: 'Median reply time per side',
          desc: reply.map((x) => `${x.label}: ${x.text}`).join('; '),
          columns: ['Side', 'Median reply time'],
        },
        reply,
      )}
      <h2>Pulse trend</h2>
      ${
        pulse.length
          ? lineChart(
              {
                id: 'pulse',
                title: 'Pulse score per week',
                desc: `Average pulse score (1 to 5) over ${pulse.length} week(s), from ${pulse[0].text} to ${pulse[pulse.length - 1].text}.`,
                columns: ['Week of', 'Average score'],
              },
              pulse,
              { min: 1, max: 5 },
            )
          : html`<p class="muted">No pulse answers yet.</p>`
      }
      <h2>Close survey</h2>
      ${
        answered
          ? html`<p>${answered} answer(s), average ${mean!.toFixed(1)} of 5.</p>
              ${barChart(
                {
                  id: 'close-survey',
                  title: 'Close-survey scores',
                  desc: `${answered} answers from 1 (poor) to 5 (excellent), average ${mean!.toFixed(1)}.`,
                  columns: ['Score', 'Answers'],
                },
                scores,
              )}`
          : html`<p class="muted">No close-survey answers yet.</p>`
      }
      <h2>Export (CSV)</h2>
      <p class="muted">
        Excel opens a CSV file with your computer's list separator. Where a comma writes decimals (German,
        French, Spanish and many more), take the semicolon-separated file.
      </p>
      <ul>
        ${REPORT_EXPORTS.map(
          (kind) =>
            html`<li>
              <a href="/admin/programmes/${id}/report/${kind}.csv" download>${EXPORT_TEXT[kind]}</a>
              (<a href="/admin/programmes/${id}/report/${kind}.csv?sep=semicolon" download
                >semicolon-separated<span class="visually-hidden"> ${kind}</span></a
              >)
            </li>`,
        )}
      </ul>`,
  );
}
