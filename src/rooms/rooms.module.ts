import { Module, type OnModuleInit } from '@nestjs/common';
import { DeskModule } from '../desk/desk.module';
import { DeskRegistry } from '../desk/desk-registry';
import { EnrolmentModule } from '../enrolment/enrolment.module';
import { InboundModule } from '../inbound/inbound.module';
import { ReplyHookRegistry } from '../inbound/pipeline/reply-hooks';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { parseRoomCommand } from './parse-room-command';
import { RoomCommandHook } from './room-command.hook';
import { CALL_ASK, RoomMail } from './room-mail';
import { RoomCallsService } from './room-calls.service';
import { RoomsRepository } from './rooms.repository';
import { RoomsService } from './rooms.service';

/** Topic rooms: circles without a curriculum that people join and leave by email, and their calls. */
@Module({
  // Enrolment: a #join asks whether the person's guardian has consented (see RoomsService.command).
  imports: [InboundModule, DeskModule, EnrolmentModule, OutboundModule, ProgramsModule, PromptsCoreModule],
  providers: [RoomsRepository, RoomMail, RoomsService, RoomCallsService, RoomCommandHook],
  exports: [RoomsRepository, RoomsService, RoomCallsService],
})
export class RoomsModule implements OnModuleInit {
  constructor(
    private readonly hooks: ReplyHookRegistry,
    private readonly commands: RoomCommandHook,
    private readonly desk: DeskRegistry,
    private readonly rooms: RoomsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this.commands);
    // At a desk: #join / #leave <topic> whatever is open, and the yes or no to a call.
    this.desk.register({
      kind: CALL_ASK,
      commands: ['#join', '#leave'],
      answer: async (reply) => {
        const cmd = parseRoomCommand(reply.text);
        if (!cmd) return this.rooms.rsvp(reply);
        const key = reply.inboundEmailId;
        return this.rooms.command(reply.tx, reply.programme, reply.participant, cmd, key);
      },
    });
  }
}
