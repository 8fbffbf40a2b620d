import { escapeHtml, html, trusted, type SafeHtml } from './html';

export interface Datum {
  label: string;
  value: number;
  /** How the value reads in the chart and the table ("12 h", "3.4"); the number by default. */
  text?: string;
}

interface ChartText {
  /** Unique on the page: the title and description are referenced by id. */
  id: string;
  title: string;
  desc: string;
  /** The table's column headers: what the labels are, what the values are. */
  columns: [string, string];
}

/**
 * Hand-written SVG, not a chart library: the admin CSP forbids scripts, and two chart shapes in
 * ~80 lines cost less than any library's server-side renderer. Each chart is an image with a
 * title and description for screen readers, and the same numbers follow as a table.
 */
function figure(t: ChartText, svgBody: string, width: number, height: number, data: Datum[]): SafeHtml {
  const e = escapeHtml;
  const svg = trusted(
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${e(t.id)}-t ${e(t.id)}-d">` +
      `<title id="${e(t.id)}-t">${e(t.title)}</title><desc id="${e(t.id)}-d">${e(t.desc)}</desc>${svgBody}</svg>`,
  );
  return html`<figure class="chart" id="${t.id}">
    ${svg}
    <details>
      <summary>${t.title}: the numbers</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">${t.columns[0]}</th>
            <th scope="col">${t.columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          ${data.map(
            (d) =>
              html`<tr>
                <th scope="row">${d.label}</th>
                <td>${d.text ?? String(d.value)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}

/** Horizontal bars, one a line: funnels, scores, per-side figures. */
export function barChart(t: ChartText, data: Datum[]): SafeHtml {
  const e = escapeHtml;
  const width = 600;
  const row = 26;
  const labelWidth = 170;
  const max = Math.max(1, ...data.map((d) => d.value));
  const room = width - labelWidth - 70;
  const bars = data
    .map((d, i) => {
      const y = i * row + 4;
      const w = Math.round((Math.max(0, d.value) / max) * room);
      return (
        `<text x="${labelWidth - 6}" y="${y + 15}" font-size="12" text-anchor="end" fill="#1d2330">${e(d.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${row - 8}" fill="#1d3557"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 15}" font-size="12" fill="#1d2330">${e(d.text ?? String(d.value))}</text>`
      );
    })
    .join('');
  return figure(t, bars, width, Math.max(row, data.length * row + 8), data);
}

/** A line over time on a fixed scale (a 1-5 score), a dot and its value at each point. */
export function lineChart(t: ChartText, data: Datum[], scale: { min: number; max: number }): SafeHtml {
  const e = escapeHtml;
  const width = 600;
  const height = 180;
  const pad = { left: 30, right: 20, top: 16, bottom: 28 };
  const span = Math.max(1, data.length - 1);
  const x = (i: number) => pad.left + Math.round((i / span) * (width - pad.left - pad.right));
  const y = (v: number) =>
    pad.top + Math.round(((scale.max - v) / (scale.max - scale.min)) * (height - pad.top - pad.bottom));
  const grid = Array.from({ length: scale.max - scale.min + 1 }, (_, k) => scale.min + k)
    .map(
      (v) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d5dd"></line>` +
        `<text x="${pad.left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#475467">${v}</text>`,
    )
    .join('');
  const points = data.map((d, i) => `${x(i)},${y(d.value)}`).join(' ');
  const dots = data
    .map(
      (d, i) =>
        `<circle cx="${x(i)}" cy="${y(d.value)}" r="4" fill="#1d3557"></circle>` +
        `<text x="${x(i)}" y="${height - 8}" font-size="11" text-anchor="middle" fill="#475467">${e(d.label)}</text>`,
    )
    .join('');
  const line =
    data.length > 1
      ? `<polyline points="${points}" fill="none" stroke="#1d3557" stroke-width="2"></polyline>`
      : '';
  return figure(t, grid + line + dots, width, height, data);
}
