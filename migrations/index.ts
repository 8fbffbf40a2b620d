// Migrations are listed explicitly (not globbed) so ts-node, Jest and the compiled build load the same set.
import { Initial1795863926574 } from './1795863926574-Initial';
import { OutboundFeedback1795864929478 } from './1795864929478-OutboundFeedback';
import { AdminAccess1795864952908 } from './1795864952908-AdminAccess';
import { PromptSchedules1795865163268 } from './1795865163268-PromptSchedules';
import { Letters1795869799980 } from './1795869799980-Letters';
import { InboundRawLz41795870000000 } from './1795870000000-InboundRawLz4';
import { FloodLimits1796494832151 } from './1796494832151-FloodLimits';
import { ImpersonationDefences1796494839340 } from './1796494839340-ImpersonationDefences';
import { PairingMailInWindow1796500367318 } from './1796500367318-PairingMailInWindow';
import { MentorFirstSteps1796503575637 } from './1796503575637-MentorFirstSteps';
import { CultureCatalogue1796503958476 } from './1796503958476-CultureCatalogue';
import { PromptSwaps1796504613896 } from './1796504613896-PromptSwaps';

export const MIGRATIONS = [
  Initial1795863926574,
  OutboundFeedback1795864929478,
  AdminAccess1795864952908,
  PromptSchedules1795865163268,
  Letters1795869799980,
  InboundRawLz41795870000000,
  FloodLimits1796494832151,
  ImpersonationDefences1796494839340,
  PairingMailInWindow1796500367318,
  MentorFirstSteps1796503575637,
  CultureCatalogue1796503958476,
  PromptSwaps1796504613896,
];
