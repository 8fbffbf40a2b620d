import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { joinAddress } from '../../src/desk/desk-address';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

jest.setTimeout(60_000);

/**
 * The programme page's "Joining and matching" form: what it saves is what the doors and the
 * lifecycle read (the join address opens and closes with it), and bad values change nothing.
 */
describe('programme settings for joining and matching', () => {
  let env: TestEnv;
  let running: RunningApp;
  let staff: StaffClient;
  let programme: Programme;
  let join: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'settings@staff.example');
    programme = await running.app.get(ProgramsService).createProgramme('Settings Trial');
    join = joinAddress(programme.slug, running.app.get(AppConfig).env.RELAY_DOMAIN);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const rcpt = async () =>
    (
      await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
        from: 'someone@people.example',
        to: [join],
        raw: 'Subject: hello\r\n\r\nhello',
      })
    ).rcpt[0].code;

  const saved = () =>
    running.app.get(DataSource).getRepository(Programme).findOneByOrFail({ id: programme.id });

  const save = async (form: Record<string, string>) =>
    staff.post(`/admin/programmes/${programme.id}/lifecycle`, {
      _csrf: await staff.csrf(`/admin/programmes/${programme.id}`),
      ...form,
    });

  it('shows the join address, opens it when saved on, and keeps every value', async () => {
    const page = await (await staff.get(`/admin/programmes/${programme.id}`)).text();
    expect(page).toContain(join);
    expect(await rcpt()).toBe(550);

    const response = await save({
      joinEnabled: 'on',
      matchingMode: 'choice',
      choiceReplyHours: '48',
      consentAge: '16',
      termsUrl: 'https://trial.example/terms',
      description: 'A trial programme.',
      endsOn: '2027-06-30',
    });
    expect(response.status).toBe(303);
    expect(decodeURIComponent(response.headers.get('location') ?? '')).toContain(
      'joining by email on, matching by choice, ending on 2027-06-30',
    );
    expect(await saved()).toMatchObject({
      joinEnabled: true,
      matchingMode: 'choice',
      choiceReplyHours: 48,
      consentAge: 16,
      termsUrl: 'https://trial.example/terms',
      description: 'A trial programme.',
      endsOn: '2027-06-30',
    });
    expect(await rcpt()).toBe(250);

    // An unticked box is off: the join address closes again.
    await save({
      matchingMode: 'review',
      choiceReplyHours: '72',
      consentAge: '',
      termsUrl: '',
      description: '',
      endsOn: '',
    });
    expect(await saved()).toMatchObject({
      joinEnabled: false,
      matchingMode: 'review',
      consentAge: null,
      endsOn: null,
    });
    expect(await rcpt()).toBe(550);
  });

  it.each([
    [{ matchingMode: 'lottery' }, 'Matching must be review, automatic or choice'],
    [{ termsUrl: 'javascript:alert(1)' }, 'The terms link must start with https://'],
    [{ endsOn: '2027-02-31x' }, 'The end date must be a date'],
    [{ consentAge: '2' }, 'The consent age'],
  ])('refuses %o with a message and changes nothing', async (bad, message) => {
    const before = await saved();
    const response = await save({ matchingMode: 'automatic', choiceReplyHours: '72', ...bad });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await saved()).toEqual(before);
  });
});
