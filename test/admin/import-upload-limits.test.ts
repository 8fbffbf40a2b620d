import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

/** The first bytes the server answers on a socket, or a failure if it says nothing within `ms`. */
function firstAnswer(socket: ReturnType<typeof connect>, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString('latin1'));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('CSV import uploads', () => {
  let env: TestEnv;
  let running: RunningApp;
  let base: string;
  let programmeId: string;
  let staff: StaffClient;
  let csrf: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    base = running.httpUrl!;
    programmeId = (await running.app.get(ProgramsService).createProgramme('Upload Limits')).id;
    staff = await StaffClient.loggedIn(running.app, base, 'uploads@example.org');
    csrf = await staff.csrf(`/admin/programmes/${programmeId}`);
  });

  afterAll(() => env.destroy());

  it('sends an anonymous upload to the login before reading its body', async () => {
    const { hostname, port } = new URL(base);
    const socket = connect(Number(port), hostname);
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const boundary = 'x-boundary';
      // Announces 64 MiB of form fields and sends only the first: a server that read the body before
      // asking who is there would wait for the rest (and hold it all in memory), answering nothing.
      socket.write(
        [
          `POST /admin/programmes/${programmeId}/import HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          `Content-Length: ${64 * 1024 * 1024}`,
          '',
          `--${boundary}\r\nContent-Disposition: form-data; name="csv"\r\n\r\n${'a'.repeat(64 * 1024)}`,
        ].join('\r\n'),
      );
      const answer = await firstAnswer(socket, 10_000);
      expect(answer).toMatch(/^HTTP\/1\.1 302 /);
      expect(answer).toMatch(/\r\nLocation: \/admin\/login\?next=/i);
    } finally {
      socket.destroy();
    }
  });

  it('imports a file over 1 MiB through the preview and its confirm form, as staff see them', async () => {
    // 4,500 people with a line about each: about 1.2 MB, over the default 1 MiB a form field may hold.
    const about = 'Likes long walks, short emails and patient explanations of hard things. '.repeat(3);
    const rows = Array.from(
      { length: 4500 },
      (_, i) => `Person ${i},person${i}@big.example,mentee,"${about}"`,
    );
    const csv = ['name,email,role,about', ...rows].join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);

    const upload = new FormData();
    upload.append('_csrf', csrf);
    upload.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    const preview = await staff.request(`/admin/programmes/${programmeId}/import`, {
      method: 'POST',
      body: upload,
    });
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('Import 4500 participant(s)');

    // The confirm form sends the whole file back in its hidden field, as the browser would.
    const hidden = /<input type="hidden" name="csv" value="([^"]*)"/.exec(page)![1];
    const confirm = new FormData();
    confirm.append('_csrf', csrf);
    confirm.append('csv', unescapeAttribute(hidden));
    const done = await staff.request(`/admin/programmes/${programmeId}/import/confirm`, {
      method: 'POST',
      body: confirm,
    });
    expect(done.status).toBe(303);
    const db = running.app.get(DataSource);
    expect(await db.getRepository(Participant).countBy({ programmeId })).toBe(4500);
  });

  it('answers 413 to a form with more fields than the import forms have', async () => {
    const form = new FormData();
    form.append('_csrf', csrf);
    for (let i = 0; i < 20; i++) form.append(`extra${i}`, 'x');
    const res = await staff.request(`/admin/programmes/${programmeId}/import`, {
      method: 'POST',
      body: form,
    });
    expect(res.status).toBe(413);
  });
});

/** What a browser submits for an attribute the page escaped. */
function unescapeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
