import { html } from '../html/html';
import { document } from '../html/layout';

export function loginPage(v: { csrfToken: string; next: string; error?: string; email?: string }): string {
  return document(
    'Log in',
    html`<main class="narrow">
      <h1>MentorMail staff</h1>
      ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : null}
      <form method="post" action="/admin/login" class="card">
        <input type="hidden" name="_csrf" value="${v.csrfToken}" /><input
          type="hidden"
          name="next"
          value="${v.next}"
        />
        <label
          >Email <input type="email" name="email" required autocomplete="username" value="${v.email ?? ''}"
        /></label>
        <label
          >Password <input type="password" name="password" required autocomplete="current-password"
        /></label>
        <button type="submit">Log in</button>
      </form>
    </main>`,
  );
}
