import { ModerationController } from './moderation.controller';
import { ModerationRepository } from './moderation.repository';
import { ModerationService } from './moderation.service';
import { SafeguardingSettingsService } from './safeguarding-settings.service';
import { ParticipantAdminService } from './participant-admin.service';
import { ParticipantController } from './participant.controller';
import { PeopleRepository } from './people.repository';
import { ErasureRepository } from './erasure.repository';
import { ParticipantRemovalService } from './participant-removal.service';
import { ScreeningAdminService } from './screening-admin.service';
import { ScreeningRepository } from './screening.repository';

/** Participants edited, screened and removed by staff, moderation and the audit: listed once for AdminModule. */
export const PEOPLE_CONTROLLERS = [ParticipantController, ModerationController];
export const PEOPLE_PROVIDERS = [
  PeopleRepository,
  ParticipantAdminService,
  ErasureRepository,
  ParticipantRemovalService,
  ScreeningRepository,
  ScreeningAdminService,
  ModerationRepository,
  ModerationService,
  SafeguardingSettingsService,
];
