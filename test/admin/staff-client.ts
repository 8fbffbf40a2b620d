import type { INestApplicationContext } from '@nestjs/common';
import { StaffAuthService } from '../../src/admin/auth/staff-auth.service';
import { createAdmin } from '../../src/cli/commands/admin-create.command';

/** A tiny cookie-keeping HTTP client that logs in through the real form, as a browser would. */
export class StaffClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  static async loggedIn(
    app: INestApplicationContext,
    baseUrl: string,
    email: string,
    password = 'correct horse battery',
  ): Promise<StaffClient> {
    await createAdmin(app, email, password);
    const client = new StaffClient(baseUrl);
    const res = await client.login(email, password);
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
    return client;
  }

  async login(email: string, password: string, csrf?: string): Promise<Response> {
    const form = await this.get('/admin/login');
    const token = csrf ?? /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    return this.post('/admin/login', { _csrf: token, email, password, next: '/admin' });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'GET', headers });
  }

  post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** The CSRF token the current session's pages carry. */
  async csrf(path = '/admin/account'): Promise<string> {
    const html = await (await this.get(path)).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)![1];
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (value && !/expires=Thu, 01 Jan 1970/i.test(set)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }
}

/**
 * An API token of a staff member of its own: a browser session that presses "new token" on the
 * account page replaces only its own staff member's token, never this one.
 */
export async function robotToken(app: INestApplicationContext, email: string): Promise<string> {
  const { id } = await createAdmin(app, email, 'correct horse battery');
  return app.get(StaffAuthService).issueApiToken(id);
}
