import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminInputError } from '../admin.errors';
import { FormBody } from '../controllers/form-body';
import { CircleAdminService } from '../services/circle-admin.service';
import { CircleDto, NewCircleDto } from './circles.dto';

/** Circles (group mentoring) through the staff API: same login or Bearer token as the rest. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('mm_session')
@Controller('api/circles')
export class CirclesApiController {
  constructor(private readonly circles: CircleAdminService) {}

  /** A new circle with its own relay address; a 400 names what breaks its shape. */
  @Post()
  @ApiBody({ type: NewCircleDto })
  @ApiOkResponse({ type: CircleDto })
  create(@FormBody() body: Record<string, unknown>) {
    return this.circles.create(body);
  }

  @Get()
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiOkResponse({ type: [CircleDto] })
  list(@Query('programmeId') programmeId?: string) {
    return this.circles.list(programmeId && /^[0-9a-f-]{36}$/i.test(programmeId) ? programmeId : null);
  }

  @Get(':id')
  view(@Param('id', ParseUUIDPipe) id: string) {
    return this.circles.view(id);
  }

  /** `mute` or `unmute` a member: a muted member's mail is held for staff. */
  @Post(':id/members/:participantId/:action')
  @HttpCode(200)
  act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
    @Param('action') action: string,
  ) {
    return this.circles.mute(
      id,
      participantId,
      action === 'mute' ? true : action === 'unmute' ? false : invalid(action),
    );
  }
}

function invalid(action: string): never {
  throw new AdminInputError(`Unknown action "${action}": mute or unmute`);
}
