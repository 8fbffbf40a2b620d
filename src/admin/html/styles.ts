import { createHash } from 'node:crypto';

/** The one stylesheet, inlined so the login page needs no second (public) request. */
export const ADMIN_CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header nav{display:flex;flex-wrap:wrap;gap:.3rem .9rem;flex:1}
header form{margin:0}main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef1f5;font-weight:600}.scroll{overflow-x:auto}
.card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:.7rem}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.8rem;background:#e3e6ea}
.b-active,.b-sent,.b-accepted{background:#d3f0dc}.b-quiet,.b-queued,.b-sending,.b-received{background:#fdf1c7}
.b-attention,.b-failed,.b-rejected,.b-uncertain,.b-held,.b-bounce{background:#fbd5d5}.b-paused,.b-suppressed,.b-ignored,.b-skipped{background:#e0e4f5}.b-ended{background:#ddd}
.error{color:#a01818;background:#fdecec;padding:.5rem .8rem;border-radius:4px}.ok{color:#1d6b34;background:#e7f6ec;padding:.5rem .8rem;border-radius:4px}.caution{color:#5c3d00;background:#fff4d6;padding:.5rem .8rem;border-radius:4px}
.muted{color:#667085}.msg{white-space:pre-wrap;word-wrap:break-word}details summary{cursor:pointer;color:#667085}
form.inline{display:inline}button,input,select,textarea{font:inherit}button{padding:.3rem .8rem;border:1px solid #1d3557;background:#1d3557;color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#1d3557}input,select,textarea{padding:.3rem;border:1px solid #c4c9d1;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:8rem;font-family:ui-monospace,monospace}label{display:block;margin:.4rem 0}
iframe{width:100%;min-height:18rem;border:1px solid #e3e6ea;background:#fff}.side{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.7rem}.side iframe{min-height:32rem}.side pre{margin:0;max-height:32rem;overflow:auto;white-space:pre-wrap;background:#fff;border:1px solid #e3e6ea;padding:.5rem;font-size:.85rem}svg{max-width:100%;height:auto}
@media (max-width:600px){main{padding:.5rem}th,td{padding:.3rem}.side{grid-template-columns:1fr}}
main.narrow{max-width:24rem}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#1d3557;padding:.5rem .8rem}.skip:focus{left:.5rem;z-index:10}
header nav a[aria-current=page]{text-decoration:underline;text-underline-offset:.25em;font-weight:600}
nav.tabs ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem;padding:0;margin:0 0 1rem;border-bottom:2px solid #1d3557}
nav.tabs a{display:block;padding:.35rem .7rem;color:#1d3557;text-decoration:none;border-radius:4px 4px 0 0}nav.tabs a[aria-current=page]{background:#1d3557;color:#fff}
ul.figures{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem}
figure.chart{margin:.6rem 0;background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:.6rem}
th.sortable a{color:inherit}form.search{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin:.4rem 0}form.search label{margin:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}p.sort-by a{margin:0 .2rem}
nav.pages{margin:.6rem 0}nav.pages a,nav.pages span{margin-right:.8rem}ul.today{padding-left:1.2rem}ul.today li{margin:.2rem 0}
@media (max-width:600px){main{overflow-wrap:anywhere}header form,header button{max-width:100%;white-space:normal;overflow-wrap:anywhere}
.scroll{overflow-x:visible}main table,main thead,main tbody,main tr,main th,main td{display:block;width:auto}
main thead tr{position:absolute;left:-9999px}main table{background:none}
main tr{background:#fff;border:1px solid #e3e6ea;border-radius:6px;margin:.5rem 0;padding:.3rem .6rem}
main td,main tbody th{border:none;padding:.15rem 0;background:none}main td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
`;

export const ADMIN_CSS_HASH = `sha256-${createHash('sha256').update(ADMIN_CSS).digest('base64')}`;

/**
 * No script may run on an admin page (participants' mail is shown here); styles only from the
 * inline stylesheet above; remote images blocked so viewing mail leaks nothing to senders.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  `style-src '${ADMIN_CSS_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The templates page only: our own emails filled with sample data (no participant content), so
 * the previews may use the inline styles and remote images real email clients would render.
 * Scripts stay forbidden, and srcdoc frames inherit this policy. A hash next to 'unsafe-inline'
 * would disable it, so the admin stylesheet is covered by 'unsafe-inline' here.
 */
export const TEMPLATES_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data: https:",
  "form-action 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
