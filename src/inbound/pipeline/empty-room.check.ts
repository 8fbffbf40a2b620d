import { Injectable } from '@nestjs/common';
import { ProgramsRepository } from '../../programs/programs.repository';
import { parseRoomCommand } from '../../rooms/parse-room-command';
import { rejected, type InboundCheck, type InboundContext } from './inbound-context';
import { ReplyHookRegistry } from './reply-hooks';

export const ROOM_EMPTY_DETAIL = 'nobody is in the room yet';
export const ROOM_ONLY_WRITER_DETAIL = 'the writer is the only member of the room';

/**
 * Before SenderCheck: a topic room nobody has joined has no member to recognise, so a person of
 * the room's programme writing to it is taken as its writer (as far as the room's own commands
 * go; EmptyRoomCheck decides what becomes of the mail). Anyone else is left to SenderCheck
 * (`unknown_sender`), as for any room.
 */
@Injectable()
export class EmptyRoomWriterCheck implements InboundCheck {
  readonly name = 'room_empty_writer';
  constructor(private readonly programs: ProgramsRepository) {}

  async run(ctx: InboundContext) {
    const found = ctx.found;
    if (!found || found.pairing.kind !== 'room' || found.members.length > 0) return null;
    const from = ctx.parsed!.from!;
    const person = await this.programs.findParticipantByAddress(found.programme.id, from, ctx.tx);
    if (!person) return null;
    // The envelope must agree, exactly as SenderCheck asks of a member.
    const envelope = ctx.row.envelopeFrom;
    if (envelope !== null && envelope !== person.email && !person.emailAliases.includes(envelope))
      return null;
    ctx.author = person;
    return null;
  }
}

/**
 * After the reply is read: mail to a room with nobody else in it reaches no one. It is refused as
 * `room_empty` (never kept to send later: a room's members are whoever is in it when it is
 * written to) and its writer is told (NoticePolicyService, once a day per address) that nobody
 * is in the room yet and how people join. A room command (`#join <topic>`, `#leave`) goes on to
 * the room's hook, so a reply to that notice with "#join <topic>" does what it says; a member's
 * own command (#pause, #stop) goes on to its hook too.
 */
@Injectable()
export class EmptyRoomCheck implements InboundCheck {
  readonly name = 'room_empty';
  constructor(private readonly hooks: ReplyHookRegistry) {}

  run(ctx: InboundContext) {
    const { found, author, extracted } = ctx;
    if (!found || !author || found.pairing.kind !== 'room') return null;
    if (found.members.some((m) => m.id !== author.id)) return null;
    if (parseRoomCommand(extracted?.reply ?? '')) return null;
    const isMember = found.members.length > 0;
    const command = this.hooks.all().some((h) => MEMBER_COMMAND_HOOKS.includes(h.name) && h.wants(ctx));
    if (isMember && command) return null;
    return rejected('room_empty', isMember ? ROOM_ONLY_WRITER_DETAIL : ROOM_EMPTY_DETAIL);
  }
}

/** Hooks whose commands a room's only member may still send it (#pause, #stop, #leave). */
const MEMBER_COMMAND_HOOKS = ['email-commands', 'room-commands'];
