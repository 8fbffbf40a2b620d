import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { InviteService } from '../../enrolment/invite.service';
import { AdminInputError } from '../admin.errors';
import { asAdmin } from './invite-errors';
import { FormBody } from '../controllers/form-body';
import { InviteDto, InviteCsvDto } from './api.dto';

/** Staff invitations: each invitee gets the confirmation email; the same address again changes nothing. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('mm_session')
@Controller('api')
export class ParticipantsApiController {
  constructor(private readonly invites: InviteService) {}

  /** `created: false` when the address was already in the programme: nothing was written or sent. */
  @Post('participants')
  @HttpCode(200)
  @ApiBody({ type: InviteDto })
  invite(@FormBody() body: Record<string, unknown>) {
    return asAdmin(() => this.invites.inviteOne(body));
  }

  /** A CSV of invitations (`csv` field): every line or none; problems are named by line. */
  @Post('programmes/:id/invites')
  @HttpCode(200)
  @ApiBody({ type: InviteCsvDto })
  async inviteCsv(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    const csv = typeof body.csv === 'string' ? body.csv : '';
    const { plan, invited, skipped } = await asAdmin(() => this.invites.importCsv(id, csv));
    if (!plan.ok) {
      const lines = plan.rows
        .filter((r) => r.errors.length)
        .map((r) => `line ${r.line}: ${r.errors.join('; ')}`);
      throw new AdminInputError([...plan.fileErrors, ...lines].join('\n'));
    }
    return { invited, skipped };
  }
}
