import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs, required } from './args';

// Each command loads only what it needs, when it runs: help and `parse` start without Nest, the
// database or the queues (loading the whole service costs seconds, see README "Command line").

const DEMO_STAFF = 'staff@demo.localhost';

const USAGE = `MentorMail command line (npm run cli -- <command>, or mentormail <command>)

  seed-demo [--cohort N]            create a demo programme with a mentor and a mentee; with
                                    --cohort, also N unmatched, ready people in demo-cohort
  match --programme SLUG [--apply]  propose mentor-mentee pairs for the programme's ready people
  match --programme SLUG --circles [--apply]
                                    propose circles by shared topic; --apply creates them all
                                    (scores, reasons, who is left out and why); --apply creates them
  send --from A --to B --subject S --text T [--in-reply-to ID]
                                    send an email to the SMTP listener over real SMTP
  inbound FILE.eml [--to RELAY]     inject an email as if received (same pipeline as SMTP/SES)
  parse FILE.eml...                 print what MentorMail reads from each email (no database)
  admin:create EMAIL                create a staff account (password from ADMIN_PASSWORD or a prompt)
  prompt:send --pairing RELAY --prompt KEY
                                    send one library prompt now to every member of the pairing
  digest:send --participant EMAIL   send this participant's digest now
  templates:build                   compile every template (no database) into the CLI's cache
  dns:records                       print the DNS records to publish for RELAY_DOMAIN (MX, SPF,
                                    DKIM, DMARC; SES: Easy DKIM and MAIL FROM)
  dns:check [--server IP]           resolve them and say which are missing or wrong (exit 1 if any)
  demo                              migrate, seed, start everything, print how to try it
`;

async function localConfig() {
  const { AppConfig } = await import('../config/app-config');
  return AppConfig.load({ local: true });
}

// Beside the compiled output (dist/), so it goes with it; under ts-node every template is compiled.
const DIST = path.resolve(__dirname, '../..');
const TEMPLATE_CACHE = path.basename(DIST) === 'dist' ? path.join(DIST, 'template-cache.json') : undefined;

async function withContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const { startCliContext } = await import('./cli-context');
  const app = await startCliContext(await localConfig(), { templateCacheFile: TEMPLATE_CACHE });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { positional, options } = parseArgs(rest);
  switch (command) {
    case 'parse': {
      if (positional.length === 0) throw new Error('parse needs at least one file');
      const { parseFiles } = await import('./commands/parse.command');
      return (await parseFiles(positional, (line) => console.log(line))) > 0 ? 1 : 0;
    }
    case 'seed-demo': {
      const { seedDemo } = await import('./commands/seed-demo.command');
      const cohort = options.cohort === undefined ? undefined : Number(options.cohort);
      const { seedCohort } = await import('./commands/seed-cohort');
      const { seed, people } = await withContext(async (app) => ({
        seed: await seedDemo(app),
        people: cohort === undefined ? undefined : await seedCohort(app, cohort),
      }));
      console.log(`Programme: ${seed.programme}`);
      console.log(`Mentor:    ${seed.mentor.name} <${seed.mentor.email}>`);
      console.log(`Mentee:    ${seed.mentee.name} <${seed.mentee.email}>`);
      console.log(`Relay address: ${seed.relayAddress}`);
      if (people) {
        console.log(
          `Cohort:    ${people.programme} (${people.slug}), ${people.created} people added: ${people.mentors} mentors, ${people.mentees} mentees, ${people.either} either`,
        );
        console.log(`Match it:  npm run cli -- match --programme ${people.slug}`);
      }
      return 0;
    }
    case 'match': {
      const slug = required(options, 'programme');
      const { matchProgramme } = await import('./commands/match.command');
      const { matchCircles } = await import('./commands/match-circles.command');
      const apply = options.apply === true;
      const lines = await withContext((app) =>
        options.circles === true ? matchCircles(app, slug, apply) : matchProgramme(app, slug, apply),
      );
      for (const line of lines) console.log(line);
      return 0;
    }
    case 'send': {
      const config = await localConfig();
      const { sendViaSmtp } = await import('./commands/send.command');
      const reply = await sendViaSmtp({
        host: config.env.SMTP_HOST,
        port: config.env.SMTP_PORT,
        from: required(options, 'from'),
        to: required(options, 'to'),
        subject: required(options, 'subject'),
        text: required(options, 'text'),
        inReplyTo: typeof options['in-reply-to'] === 'string' ? options['in-reply-to'] : undefined,
      });
      console.log(reply);
      return 0;
    }
    case 'inbound': {
      if (!positional[0]) throw new Error('inbound needs a file');
      const to = typeof options.to === 'string' ? options.to : undefined;
      const { injectInbound } = await import('./commands/inbound.command');
      const receipts = await withContext((app) => injectInbound(app, positional[0], to));
      for (const r of receipts) {
        console.log(
          r.duplicateOf
            ? `${r.recipient}: duplicate of ${r.duplicateOf}, recorded as ${r.id}`
            : `${r.recipient}: received as ${r.id}; a worker will process it`,
        );
      }
      return 0;
    }
    case 'admin:create': {
      const email = positional[0];
      if (!email) throw new Error('admin:create needs an email address');
      const { adminPassword, createAdmin } = await import('./commands/admin-create.command');
      const result = await withContext(async (app) => createAdmin(app, email, await adminPassword(app)));
      console.log(`${result.created ? 'Created' : 'Updated the password of'} staff account ${email}`);
      return 0;
    }
    case 'prompt:send': {
      const [pairing, prompt] = [required(options, 'pairing'), required(options, 'prompt')];
      const { promptSendNow } = await import('./commands/send-now.command');
      for (const line of await withContext((app) => promptSendNow(app, pairing, prompt))) console.log(line);
      return 0;
    }
    case 'digest:send': {
      const participant = required(options, 'participant');
      const { digestSendNow } = await import('./commands/send-now.command');
      for (const line of await withContext((app) => digestSendNow(app, participant))) console.log(line);
      return 0;
    }
    case 'templates:build': {
      if (!TEMPLATE_CACHE)
        throw new Error('templates:build writes its cache beside dist/: run the compiled CLI');
      const { buildTemplateCache } = await import('./commands/templates-build.command');
      console.log(await buildTemplateCache(TEMPLATE_CACHE));
      return 0;
    }
    case 'dns:records': {
      const { dnsRecordsLines } = await import('./commands/dns.command');
      for (const line of dnsRecordsLines(await localConfig())) console.log(line);
      return 0;
    }
    case 'dns:check': {
      const { Resolver } = await import('node:dns/promises');
      const { dnsCheckLines } = await import('./commands/dns.command');
      const resolver = new Resolver({ timeout: 5_000, tries: 2 });
      if (typeof options.server === 'string') resolver.setServers([options.server]);
      const { ok, lines } = await dnsCheckLines(await localConfig(), resolver);
      for (const line of lines) console.log(line);
      return ok ? 0 : 1;
    }
    case 'demo':
      return demo();
    default:
      console.log(USAGE);
      return command && command !== 'help' && command !== '--help' ? 2 : 0;
  }
}

async function demo(): Promise<number> {
  const config = await localConfig();
  const { createAdmin } = await import('./commands/admin-create.command');
  const { seedDemo } = await import('./commands/seed-demo.command');
  const { startApp } = await import('../bootstrap');
  // A demo staff login with a fresh random password each run, so the admin view can be tried at once.
  const staffPassword = randomBytes(9).toString('base64url');
  const seed = await withContext(async (app) => {
    await createAdmin(app, DEMO_STAFF, staffPassword);
    return seedDemo(app);
  });
  const running = await startApp(config);
  const env = config.env;
  const { firstPromptAndPoll } = await import('./commands/seed-demo.command');
  const { prompt, poll } = firstPromptAndPoll();
  console.log(`
MentorMail demo is running (roles: ${env.ROLES.join(', ')}).

  Programme:      ${seed.programme}
  Mentor:         ${seed.mentor.name} <${seed.mentor.email}>
  Mentee:         ${seed.mentee.name} <${seed.mentee.email}>
  Relay address:  ${seed.relayAddress}

Try it in another terminal: Tom writes to the pairing's relay address over SMTP,

  npm run cli -- send --from ${seed.mentee.email} --to ${seed.relayAddress} --subject "Hello" --text "Hi Maria!"

and Maria receives it from the relay address, with Tom's address hidden: each outgoing email is
written as an .eml file under ${env.OUTBOX_DIR}/ (MAIL_TRANSPORT=${env.MAIL_TRANSPORT}).
Reply as Maria with --from ${seed.mentor.email} and --in-reply-to <the Message-ID of that .eml>.

See a prompt, a poll and a digest within a minute: each command sends at once, to both sides
for a prompt or a poll (the same emails the schedule sends), and prints the .eml file it wrote.

  npm run cli -- prompt:send --pairing ${seed.relayAddress} --prompt ${prompt}
  npm run cli -- prompt:send --pairing ${seed.relayAddress} --prompt ${poll}
  npm run cli -- digest:send --participant ${seed.mentee.email}

  Admin view:     ${running.httpUrl}/admin  (log in as ${DEMO_STAFF} / ${staffPassword};
                  the Outbox page shows every email the demo sends)
  Health:         ${running.httpUrl}/health
  SMTP listener:  ${env.SMTP_HOST}:${env.SMTP_PORT}

Press Ctrl+C to stop.`);
  return new Promise<number>(() => undefined);
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  },
);
