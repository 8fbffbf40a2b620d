import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InviteService } from '../../enrolment/invite.service';
import { AdminInputError } from '../admin.errors';
import type { StaffRequest } from '../auth/staff.guard';
import { ScreeningAdminService } from '../people/screening-admin.service';
import { asAdmin } from './invite-errors';
import { FormBody } from '../controllers/form-body';
import { InviteDto, InviteCsvDto, ScreeningChangeDto, ScreeningStateDto } from './api.dto';

/**
 * Staff invitations: each invitee gets the confirmation email; the same address again changes
 * nothing. And a participant's screening, recorded or cleared.
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('mm_session')
@Controller('api')
export class ParticipantsApiController {
  constructor(
    private readonly invites: InviteService,
    private readonly screening: ScreeningAdminService,
  ) {}

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

  /**
   * Records (`recorded: true`) or clears a check, and answers with the screening as it stands.
   * The call is the confirmation; asking for what already stands changes nothing (`changed: false`).
   */
  @Post('participants/:id/screening')
  @HttpCode(200)
  @ApiBody({ type: ScreeningChangeDto })
  @ApiOkResponse({ type: ScreeningStateDto })
  screen(
    @Param('id', ParseUUIDPipe) id: string,
    @FormBody() body: Record<string, unknown>,
    @Req() req: StaffRequest,
  ) {
    return this.screening.fromApi(id, body, req.staff!.staffId);
  }
}
