import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { StaffRequest } from '../auth/staff.guard';
import { FormBody } from '../controllers/form-body';
import { dateParam, oneOf } from '../controllers/page-context';
import { HEALTH_ORDER, PairingHealthRepository } from '../repositories/pairing-health.repository';
import { CultureAdminService } from '../services/culture-admin.service';
import { LogsService } from '../services/logs.service';
import { PairingAdminService } from '../services/pairing-admin.service';
import { QueueActionsService } from '../services/queue-actions.service';
import { ProgrammeAdminService } from '../services/programme-admin.service';
import { ThreadAdminService } from '../services/thread-admin.service';
import {
  DeliveryDto,
  FilmDto,
  InboundDto,
  NewFilmDto,
  NewTourDto,
  PairingSummaryDto,
  ProgrammeDto,
  ProgrammeLimitsDto,
  ProgrammeMinAgeDto,
  ProgrammeScheduleDto,
  TourDto,
} from './api.dto';

const UUID = /^[0-9a-f-]{36}$/i;

/** The admin pages' data as JSON, behind the same login (cookie) or a staff API token (Bearer). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiCookieAuth('mm_session')
@Controller('api')
export class AdminApiController {
  constructor(
    private readonly programmes: ProgrammeAdminService,
    private readonly health: PairingHealthRepository,
    private readonly pairings: PairingAdminService,
    private readonly threads: ThreadAdminService,
    private readonly logs: LogsService,
    private readonly culture: CultureAdminService,
    private readonly queueActions: QueueActionsService,
  ) {}

  @Get('programmes')
  @ApiOkResponse({ type: [ProgrammeDto] })
  listProgrammes() {
    return this.programmes.listProgrammes();
  }

  @Get('programmes/:id')
  getProgramme(@Param('id', ParseUUIDPipe) id: string) {
    return this.programmes.view(id);
  }

  /** Live pairings follow from their next step; a 400 names the value that is out of range. */
  @Put('programmes/:id/schedule')
  @ApiBody({ type: ProgrammeScheduleDto })
  @ApiOkResponse({ type: ProgrammeDto })
  updateSchedule(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.programmes.updateSchedule(id, body);
  }

  /** Flood and loop limits, read with every email; a 400 names the value that is out of range. */
  @Put('programmes/:id/limits')
  @ApiBody({ type: ProgrammeLimitsDto })
  @ApiOkResponse({ type: ProgrammeDto })
  updateLimits(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.programmes.updateLimits(id, body);
  }

  /** Movie club: films rated above the programme's youngest participant's age are never offered. */
  @Put('programmes/:id/min-age')
  @ApiBody({ type: ProgrammeMinAgeDto })
  @ApiOkResponse({ type: ProgrammeDto })
  updateMinAge(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.culture.updateMinAge(id, body);
  }

  /** The default films and the programme's own, each with whether its age limit lets it be offered. */
  @Get('programmes/:id/films')
  @ApiOkResponse({ type: [FilmDto] })
  listFilms(@Param('id', ParseUUIDPipe) id: string) {
    return this.culture.films(id);
  }

  /** A film for this programme only; a 400 names every problem, or that it is already listed. */
  @Post('programmes/:id/films')
  @ApiBody({ type: NewFilmDto })
  @ApiOkResponse({ type: FilmDto })
  addFilm(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.culture.addFilm(id, body);
  }

  @Get('programmes/:id/tours')
  @ApiOkResponse({ type: [TourDto] })
  listTours(@Param('id', ParseUUIDPipe) id: string) {
    return this.culture.tours(id);
  }

  /** A virtual tour for this programme only (https links); a 400 names every problem. */
  @Post('programmes/:id/tours')
  @ApiBody({ type: NewTourDto })
  @ApiOkResponse({ type: TourDto })
  addTour(@Param('id', ParseUUIDPipe) id: string, @FormBody() body: Record<string, unknown>) {
    return this.culture.addTour(id, body);
  }

  @Get('pairings')
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'health', required: false, enum: HEALTH_ORDER })
  @ApiOkResponse({ type: [PairingSummaryDto] })
  listPairings(@Query('programmeId') programmeId?: string, @Query('health') health?: string) {
    return this.health.list({
      programmeId: programmeId && UUID.test(programmeId) ? programmeId : undefined,
      health: oneOf(health, HEALTH_ORDER),
    });
  }

  @Get('pairings/:id')
  getPairing(@Param('id', ParseUUIDPipe) id: string) {
    return this.pairings.view(id);
  }

  @Post('pairings/:id/:action')
  @HttpCode(200)
  async actOnPairing(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') action: string,
    @Req() req: StaffRequest,
  ) {
    if (action === 'pause' || action === 'end') {
      // The call itself is the confirmation; the members are told by email, as from the admin page.
      const staff = { staffId: req.staff!.staffId, staffEmail: req.staff!.email };
      await this.queueActions.pauseOrEnd(id, action, { confirm: 'yes', note: null }, staff);
      return { status: action === 'pause' ? 'paused' : 'ended' };
    }
    return { status: await this.pairings.act(id, action, req.staff!.staffId) };
  }

  /** Reading a thread through the API is recorded like reading it on a page. */
  @Get('threads/:id')
  getThread(@Param('id', ParseUUIDPipe) id: string, @Req() req: StaffRequest) {
    return this.threads.read(id, req.staff!.staffId);
  }

  @Get('inbound')
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'ISO time: rows received before it' })
  @ApiOkResponse({ type: [InboundDto] })
  async listInbound(@Query('status') status?: string, @Query('before') before?: string) {
    return this.logs.inbound(status || undefined, dateParam(before));
  }

  @Post('inbound/:id/reprocess')
  @HttpCode(202)
  async reprocess(@Param('id', ParseUUIDPipe) id: string) {
    await this.logs.reprocess(id);
    return { status: 'received' };
  }

  @Get('deliveries')
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'pairingId', required: false })
  @ApiQuery({ name: 'before', required: false })
  @ApiOkResponse({ type: [DeliveryDto] })
  async listDeliveries(
    @Query('status') status?: string,
    @Query('pairingId') pairingId?: string,
    @Query('before') before?: string,
  ) {
    const id = pairingId && UUID.test(pairingId) ? pairingId : undefined;
    return this.logs.deliveries(status || undefined, dateParam(before), id);
  }
}
