import { DeliverabilityModule } from '../deliverability/deliverability.module';
import { FunnelRepository } from './repositories/funnel.repository';
import { ChoiceModule } from '../choice/choice.module';
import { AttentionCoreModule } from '../attention/attention-core.module';
import { ClosingModule } from '../closing/closing.module';
import { InjectQueue } from '@nestjs/bull';
import {
  BadRequestException,
  Module,
  PayloadTooLargeException,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { InboundModule } from '../inbound/inbound.module';
import { MatchingModule } from '../matching/matching.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { CultureModule } from '../prompts/culture/culture.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { QUEUES } from '../queues/queue-names';
import { RenderingModule } from '../rendering/rendering.module';
import { AdminErrorFilter, AdminPageErrorsInterceptor } from './admin.errors';
import { AdminApiController } from './api/admin-api.controller';
import { ParticipantsApiController } from './api/participants-api.controller';
import { EnrolmentModule } from '../enrolment/enrolment.module';
import { CirclesApiController } from './api/circles-api.controller';
import { CircleController } from './controllers/circle.controller';
import { CircleReadRepository } from './repositories/circle-read.repository';
import { CircleAttentionRepository } from './repositories/circle-attention.repository';
import { CircleAdminService } from './services/circle-admin.service';
import { CirclesModule } from '../circles/circles.module';
import { RoomsModule } from '../rooms/rooms.module';
import { RoomsApiController } from './api/rooms-api.controller';
import { RoomController } from './controllers/room.controller';
import { RoomAdminService } from './services/room-admin.service';
import { LoginRequiredFilter } from './auth/login-required';
import { StaffAuthService } from './auth/staff-auth.service';
import { StaffGuard } from './auth/staff.guard';
import { StaffRepository } from './auth/staff.repository';
import { AccountController } from './controllers/account.controller';
import { DashboardController } from './controllers/dashboard.controller';
import { QueueController } from './controllers/queue.controller';
import { QueueActionsService } from './services/queue-actions.service';
import { LoginController } from './controllers/login.controller';
import { LogsController } from './controllers/logs.controller';
import { MatchController } from './controllers/match.controller';
import { MatchCirclesController } from './controllers/match-circles.controller';
import { OutboxController } from './controllers/outbox.controller';
import { PairingController } from './controllers/pairing.controller';
import { ProgrammeController } from './controllers/programme.controller';
import { ReportController } from './controllers/report.controller';
import { ReportRepository } from './repositories/report.repository';
import { ReportService } from './services/report.service';
import { SuppressionsController } from './controllers/suppressions.controller';
import { TemplatesController } from './controllers/templates.controller';
import { PEOPLE_CONTROLLERS, PEOPLE_PROVIDERS } from './people/people-admin';
import { contentSecurityPolicy, LOCAL_APP_CSP } from '../http/security-headers';
import { ADMIN_CSP } from './html/styles';
import { viewerZoneMiddleware } from './html/viewer-zone';
import { ApiDocs } from './mounts/api-docs';
import { requireStaff } from './mounts/mount-guard';
import { QUEUES_PATH, queuesBoard } from './mounts/queues-board';
import { DashboardRepository } from './repositories/dashboard.repository';
import { LogsRepository } from './repositories/logs.repository';
import { PairingDetailRepository } from './repositories/pairing-detail.repository';
import { PairingHealthRepository } from './repositories/pairing-health.repository';
import { ProgrammeReadRepository } from './repositories/programme-read.repository';
import { SuppressionReadRepository } from './repositories/suppression-read.repository';
import { ThreadReadRepository } from './repositories/thread-read.repository';
import { CoordinatorRepository } from './repositories/coordinator.repository';
import { CoordinatorsService } from './services/coordinators.service';
import { CultureAdminService } from './services/culture-admin.service';
import { DashboardService } from './services/dashboard.service';
import { LogsService } from './services/logs.service';
import { OutboxViewService } from './services/outbox-view.service';
import { PairingAdminService } from './services/pairing-admin.service';
import { ProgrammeAdminService } from './services/programme-admin.service';
import { ProgrammeImportService } from './services/programme-import.service';
import { SuppressionsAdminService } from './services/suppressions-admin.service';
import { TemplatePreviewService } from './services/template-preview.service';
import { ThreadAdminService } from './services/thread-admin.service';

const PAGE_CONTROLLERS = [
  LoginController,
  DashboardController,
  QueueController,
  ProgrammeController,
  MatchController,
  MatchCirclesController,
  PairingController,
  CircleController,
  RoomController,
  LogsController,
  OutboxController,
  SuppressionsController,
  TemplatesController,
  AccountController,
  ...PEOPLE_CONTROLLERS,
  ReportController,
];

/** The rest of the security headers are the whole service's (src/http/security-headers.ts). */
function adminPageHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', ADMIN_CSP);
  res.setHeader('Cache-Control', 'no-store');
  next();
}

const MAX_CSV_BYTES = 5 * 1024 * 1024;
/**
 * CSV uploads: in memory, one file, small; parsed before the guard so it can check the CSRF field,
 * but only for a logged-in staff member (see configure). The preview sends the decoded CSV back as a
 * form field, so a field may hold a whole file: three times its bytes, what a Windows-1252 file can
 * grow to in UTF-8. The import forms have three fields; a few more are tolerated, no more.
 */
const readUpload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 3 * MAX_CSV_BYTES },
}).single('file');

/** Over a size or count limit: the request is too large (413); anything else unreadable is a 400. */
const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FIELD_VALUE', 'LIMIT_FIELD_COUNT', 'LIMIT_PART_COUNT']);

/** A malformed or oversized upload is the client's fault: 400 or 413, never a 500. */
function upload(req: Request, res: Response, next: NextFunction): void {
  readUpload(req, res, (error?: unknown) => {
    if (error === undefined) return next();
    const message = error instanceof Error ? error.message : 'unreadable upload';
    next(
      error instanceof multer.MulterError && TOO_LARGE.has(error.code)
        ? new PayloadTooLargeException(message)
        : new BadRequestException(`Upload not readable: ${message}`),
    );
  });
}

/**
 * The staff web view, its JSON API (with OpenAPI docs at /api/docs) and bull-board at
 * /admin/queues, all behind one login. Its guard is global: every route of the service is
 * closed to anonymous callers unless it is public by design (see auth/public.decorator.ts).
 */
@Module({
  imports: [
    ProgramsModule,
    OutboundModule,
    RenderingModule,
    PromptsCoreModule,
    CultureModule,
    InboundModule,
    ClosingModule,
    ChoiceModule,
    MatchingModule,
    EnrolmentModule,
    CirclesModule,
    RoomsModule,
    DeliverabilityModule,
    AttentionCoreModule,
  ],
  controllers: [
    ...PAGE_CONTROLLERS,
    AdminApiController,
    ParticipantsApiController,
    CirclesApiController,
    RoomsApiController,
  ],
  providers: [
    StaffRepository,
    StaffAuthService,
    StaffGuard,
    { provide: APP_GUARD, useExisting: StaffGuard },
    { provide: APP_FILTER, useClass: LoginRequiredFilter },
    { provide: APP_FILTER, useClass: AdminErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: AdminPageErrorsInterceptor },
    PairingHealthRepository,
    CircleReadRepository,
    CircleAttentionRepository,
    CircleAdminService,
    RoomAdminService,
    DashboardRepository,
    FunnelRepository,
    ReportRepository,
    ReportService,
    ProgrammeReadRepository,
    PairingDetailRepository,
    ThreadReadRepository,
    LogsRepository,
    SuppressionReadRepository,
    DashboardService,
    ProgrammeAdminService,
    ProgrammeImportService,
    CoordinatorRepository,
    CoordinatorsService,
    PairingAdminService,
    QueueActionsService,
    ThreadAdminService,
    LogsService,
    OutboxViewService,
    SuppressionsAdminService,
    TemplatePreviewService,
    CultureAdminService,
    ApiDocs,
    ...PEOPLE_PROVIDERS,
  ],
  exports: [StaffAuthService],
})
export class AdminModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: StaffGuard,
    private readonly docs: ApiDocs,
    @InjectQueue(QUEUES.inbound) private readonly inbound: Queue,
    @InjectQueue(QUEUES.outbound) private readonly outbound: Queue,
    @InjectQueue(QUEUES.schedule) private readonly schedule: Queue,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(adminPageHeaders, viewerZoneMiddleware).forRoutes(...PAGE_CONTROLLERS);
    // Who is asking is settled before the body is read: an anonymous client is sent to the login
    // without the server holding its upload in memory first.
    consumer
      .apply(requireStaff(this.guard), upload)
      .forRoutes(
        { path: 'admin/programmes/:id/import', method: RequestMethod.POST },
        { path: 'admin/programmes/:id/import/confirm', method: RequestMethod.POST },
      );
  }

  /** Runs after Nest's routes are registered and before its 404 handler, so these mounts are reached. */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<import('express').Express>();
    if (!app) return;
    const csp = contentSecurityPolicy(LOCAL_APP_CSP);
    const board = queuesBoard([this.inbound, this.outbound, this.schedule]);
    app.use(QUEUES_PATH, csp, requireStaff(this.guard), board);
    app.use('/api/docs', csp, requireStaff(this.guard), this.docs.router([AdminModule]));
  }
}
