// Open-loop SMTP load from its own process, so the client never competes with the server's event
// loop: sends each email of a JSON array ({ from, to, raw }) over its own SMTP session to
// 127.0.0.1:<port>, the i-th starting at i/rate seconds whatever became of the others, and prints,
// per email, when its DATA was complete and when the 250 came (epoch milliseconds, shared with
// the server's clock: same machine), with the reply code.
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

const [port, file, rate] = process.argv.slice(2);
const mails = JSON.parse(readFileSync(file, 'utf8'));
const now = () => performance.timeOrigin + performance.now();

/** One SMTP session: the final reply line of each command, in order. */
function session(socket) {
  let buffer = '';
  const waiting = [];
  const ready = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      if (!/^\d{3} /.test(line)) continue; // a continuation line of a multi-line reply
      const code = Number(line.slice(0, 3));
      const waiter = waiting.shift();
      if (waiter) waiter(code);
      else ready.push(code);
    }
  });
  // A session the server ends without a reply (a reset, a close under load) answers 0 to whatever
  // waits, rather than leaving the whole run waiting on it forever.
  let closed = false;
  socket.on('close', () => {
    closed = true;
    for (const waiter of waiting.splice(0)) waiter(0);
  });
  const next = () =>
    ready.length ? Promise.resolve(ready.shift()) : closed ? Promise.resolve(0) : new Promise((r) => waiting.push(r));
  return {
    next,
    command: (line) => {
      socket.write(`${line}\r\n`);
      return next();
    },
  };
}

async function send(mail) {
  const socket = createConnection({ port: Number(port), host: '127.0.0.1' });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  // A session silent this long counts as unanswered (code 0) instead of holding the run.
  socket.setTimeout(120_000, () => socket.destroy());
  const smtp = session(socket);
  try {
    if ((await smtp.next()) !== 220) return { code: 0 };
    await smtp.command('EHLO load.localhost');
    if ((await smtp.command(`MAIL FROM:<${mail.from}>`)) !== 250) return { code: 0 };
    const rcpt = await smtp.command(`RCPT TO:<${mail.to}>`);
    if (rcpt !== 250) return { code: rcpt };
    if ((await smtp.command('DATA')) !== 354) return { code: 0 };
    const body = mail.raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    socket.write(body.endsWith('\r\n') ? body : `${body}\r\n`);
    socket.write('.\r\n');
    const dataEnd = now();
    const code = await smtp.next();
    const acked = now();
    await smtp.command('QUIT').catch(() => undefined);
    return { code, dataEnd, acked };
  } finally {
    socket.destroy();
  }
}

const start = now();
const results = await Promise.all(
  mails.map(async (mail, i) => {
    const wait = start + (i * 1000) / Number(rate) - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      return { messageId: mail.messageId, ...(await send(mail)) };
    } catch (error) {
      return { messageId: mail.messageId, code: 0, error: String(error) };
    }
  }),
);
process.stdout.write(JSON.stringify({ results, seconds: (now() - start) / 1000 }));
