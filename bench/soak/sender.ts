import { createTransport } from 'nodemailer';
import { sleep } from './children';
import { tokenLine } from './sink';

/** A pairing as the sender sees it: who writes, to which relay address. */
export interface SoakPairing {
  relayAddress: string;
  mentor: string;
  mentee: string;
}

export interface SentEmail {
  index: number;
  pairing: number;
  from: string;
  /** The partner, who should receive the relayed copy. */
  partner: string;
  messageId: string;
  /** When the first attempt began, and when the listener answered 250 (null: never accepted). */
  startedAt: number;
  acceptedAt: number | null;
  attempts: number;
  /** The last refusal, when never accepted. */
  error?: string;
}

export interface SendPlan {
  host: string;
  port: number;
  pairings: SoakPairing[];
  total: number;
  perSecond: number;
  runId: string;
  /** Called with the share of the emails started so far (0..1), after each start. */
  onProgress?: (share: number) => void;
}

const MAX_IN_FLIGHT = 64;
const MAX_ATTEMPTS = 8;

/**
 * Sends `total` emails to the SMTP listener at a steady rate, as the participants' mail providers
 * would: pairing i % n gets email i, mentor and mentee taking turns, each a reply to the pairing's
 * previous email, each with its own Message-ID and a token line naming it. A 4xx answer or a
 * dropped connection is tried again a second later, as a sending MTA does; a 5xx is final.
 */
export async function sendSteadily(plan: SendPlan): Promise<SentEmail[]> {
  const transport = createTransport({
    host: plan.host,
    port: plan.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 8,
    maxMessages: Infinity,
  });
  const sent: SentEmail[] = [];
  const previous = new Map<number, string[]>();
  const inFlight = new Set<Promise<void>>();
  const t0 = Date.now();
  try {
    for (let i = 0; i < plan.total; i++) {
      const due = t0 + (i * 1000) / plan.perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const p = i % plan.pairings.length;
      const round = Math.floor(i / plan.pairings.length);
      const pairing = plan.pairings[p];
      const mentorWrites = round % 2 === 0;
      const chain = previous.get(p) ?? [];
      const email: SentEmail = {
        index: i,
        pairing: p,
        from: mentorWrites ? pairing.mentor : pairing.mentee,
        partner: mentorWrites ? pairing.mentee : pairing.mentor,
        messageId: `soak-${plan.runId}-${i}@client.example`,
        startedAt: Date.now(),
        acceptedAt: null,
        attempts: 0,
      };
      previous.set(p, [...chain, email.messageId]);
      sent.push(email);
      const message = {
        from: email.from,
        to: pairing.relayAddress,
        subject: round === 0 ? `Our week, pairing ${p}` : `Re: Our week, pairing ${p}`,
        messageId: `<${email.messageId}>`,
        ...(chain.length
          ? { inReplyTo: `<${chain[chain.length - 1]}>`, references: chain.map((id) => `<${id}>`) }
          : {}),
        text:
          `Round ${round} of pairing ${p}, written by the ${mentorWrites ? 'mentor' : 'mentee'}.\n` +
          `This week I read two chapters and tried the exercise we talked about.\n\n${tokenLine(i)}\n`,
      };
      const job = deliver(email, () => transport.sendMail(message)).finally(() => inFlight.delete(job));
      inFlight.add(job);
      plan.onProgress?.((i + 1) / plan.total);
    }
    await Promise.all(inFlight);
  } finally {
    transport.close();
  }
  return sent;
}

async function deliver(email: SentEmail, send: () => Promise<unknown>): Promise<void> {
  while (email.attempts < MAX_ATTEMPTS) {
    email.attempts++;
    try {
      await send();
      email.acceptedAt = Date.now();
      delete email.error;
      return;
    } catch (error) {
      const e = error as { responseCode?: number; message?: string };
      email.error = e.message ?? String(error);
      if (e.responseCode !== undefined && e.responseCode >= 500) return;
      await sleep(1000);
    }
  }
}
