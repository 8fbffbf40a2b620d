import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { buildEmail } from '../factories/emails';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { ChoiceMailbox } from './choice-world';

jest.setTimeout(60_000);

const quoted = (text: string) =>
  text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

/**
 * From suggestions to a first exchange, over real SMTP: the mentee answers "2" from Gmail (with
 * Gmail's quote), the mentor "Yes, happy to!" from Outlook (with Outlook's header block), both are
 * welcomed, and the mentee's first message through the new relay address reaches the mentor.
 */
describe('choosing a mentor, end to end by email', () => {
  let env: TestEnv;
  let running: RunningApp;
  let mail: ChoiceMailbox;
  let amira: Participant;
  let priya: Participant;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    mail = new ChoiceMailbox(running, env.outboxDir);
    const app = running.app;
    const programme = await choiceProgramme(app, 'Northside');
    amira = await readyPerson(app, programme, {
      name: 'Amira Haddad',
      role: 'mentee',
      topics: ['software', 'interviews'],
    });
    await readyPerson(app, programme, {
      name: 'Jordan Reyes',
      role: 'mentor',
      topics: ['software', 'interviews'],
    });
    priya = await readyPerson(app, programme, { name: 'Priya Shah', role: 'mentor', topics: ['software'] });
    await readyPerson(app, programme, { name: 'Sam Okafor', role: 'mentor', topics: [] });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('pairs the mentee with the mentor they chose, welcomes both, and relays their first message', async () => {
    await running.app.get(ChoiceService).run();
    const suggestions = await mail.next(amira, /^Mentors for you to choose from$/);
    expect(suggestions.parsed.text).toContain('2. Priya');
    const desk = suggestions.parsed.from!.value[0].address!;

    // Gmail: the answer on top, then "On ... wrote:" and the whole email quoted.
    const gmailText = `2\n\nOn Mon, 2 Mar 2026 at 09:00, Northside (MentorMail) <${desk}> wrote:\n\n${quoted(suggestions.parsed.text!)}\n`;
    const gmailHtml =
      '<div dir="ltr">2</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">' +
      `On Mon, 2 Mar 2026 at 09:00, Northside (MentorMail) &lt;${desk}&gt; wrote:<br></div>` +
      `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${suggestions.parsed.html}</blockquote></div>`;
    const picked = await mail.reply(amira, suggestions, { text: gmailText, html: gmailHtml });
    expect([picked.status, picked.detail]).toEqual(['accepted', 'choice: picked 2']);

    const request = await mail.next(priya, /^Amira would like you as their mentor$/);
    const priyaDesk = request.parsed.from!.value[0].address!;
    // Outlook: the answer, then a From/Sent/To/Subject block and the email below it, unquoted.
    const outlookText = [
      'Yes, happy to!',
      '',
      `From: Northside (MentorMail) <${priyaDesk}>`,
      'Sent: Monday, March 2, 2026 9:00 AM',
      `To: Priya Shah <${priya.email}>`,
      `Subject: ${request.parsed.subject}`,
      '',
      request.parsed.text!,
    ].join('\n');
    const outlookHtml =
      '<html><body><div class="WordSection1"><p class="MsoNormal">Yes, happy to!<o:p></o:p></p></div>' +
      '<div id="divRplyFwdMsg"><hr style="display:inline-block;width:98%"><font face="Calibri" style="font-size:11pt">' +
      `<b>From:</b> Northside (MentorMail) &lt;${priyaDesk}&gt;<br><b>Sent:</b> Monday, March 2, 2026 9:00 AM<br>` +
      `<b>Subject:</b> ${request.parsed.subject}</font></div>${request.parsed.html}</body></html>`;
    const answered = await mail.reply(priya, request, {
      text: outlookText,
      html: outlookHtml,
      headers: { 'Thread-Topic': request.parsed.subject!, 'X-MS-Has-Attach': '' },
    });
    expect([answered.status, answered.detail]).toEqual(['accepted', 'choice: accepted']);

    const db = running.app.get(DataSource);
    const member = await db.getRepository(PairingMember).findOneByOrFail({ participantId: amira.id });
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ id: member.pairingId });
    expect(
      await db.getRepository(PairingMember).countBy({ pairingId: pairing.id, participantId: priya.id }),
    ).toBe(1);

    await running.app.get(ScheduleTickService).tick();
    for (const person of [amira, priya]) {
      const welcome = await mail.next(person, /^Welcome to /);
      expect(welcome.parsed.from!.value[0].address).toBe(pairing.relayAddress);
    }

    const first = buildEmail({
      from: amira.email,
      to: pairing.relayAddress,
      subject: 'Hello from Amira',
      text: 'Hi Priya, thank you for saying yes! When could we talk?',
    });
    const port = running.app.get(SmtpListener).port!;
    await SmtpTestClient.sendOnce(port, { from: amira.email, to: [pairing.relayAddress], raw: first.raw });
    const relayed = await mail.next(priya, /Hello from Amira/);
    expect(relayed.parsed.text).toContain('thank you for saying yes');
    expect(relayed.parsed.from!.value[0].address).toBe(pairing.relayAddress);
    expect(relayed.raw).not.toContain(amira.email);
  });
});
