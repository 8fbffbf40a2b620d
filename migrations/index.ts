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
import { PollVoteComments1796503480439 } from './1796503480439-PollVoteComments';
import { ParticipantIntroductions1796503499591 } from './1796503499591-ParticipantIntroductions';
import { MentorFirstSteps1796503575637 } from './1796503575637-MentorFirstSteps';
import { Welcomes1796503664570 } from './1796503664570-Welcomes';
import { MessageNewHtml1796503697064 } from './1796503697064-MessageNewHtml';
import { OptOutVia1796503859455 } from './1796503859455-OptOutVia';
import { CultureCatalogue1796503958476 } from './1796503958476-CultureCatalogue';
import { VideoCheckins1796504255115 } from './1796504255115-VideoCheckins';
import { MessageDroppedAttachments1796504584471 } from './1796504584471-MessageDroppedAttachments';
import { PromptSwaps1796504613896 } from './1796504613896-PromptSwaps';
import { ParticipantSendWeekday1796506559425 } from './1796506559425-ParticipantSendWeekday';
import { NoticeWindows1796508874363 } from './1796508874363-NoticeWindows';
import { Deployment1796508946860 } from './1796508946860-Deployment';
import { BounceTokenDefault1796514097292 } from './1796514097292-BounceTokenDefault';
import { DeliveryHandedAt1796514358432 } from './1796514358432-DeliveryHandedAt';
import { MetricsIndexes1796514443871 } from './1796514443871-MetricsIndexes';
import { ForeignKeys1796514464405 } from './1796514464405-ForeignKeys';
import { ValidateForeignKeys1796514464406 } from './1796514464406-ValidateForeignKeys';
import { ReceiveInboundEmail1796518507693 } from './1796518507693-ReceiveInboundEmail';
import { DnsCheckRuns1796541500000 } from './1796541500000-DnsCheckRuns';
import { PromptSchedulePerPairing1796541683627 } from './1796541683627-PromptSchedulePerPairing';
import { ProgrammeLifecycle1796600000000 } from './1796600000000-ProgrammeLifecycle';
import { MatchProposals1796600000200 } from './1796600000200-MatchProposals';
import { MatchRequests1796600000300 } from './1796600000300-MatchRequests';
import { EnrolmentDetails1796610000000 } from './1796610000000-EnrolmentDetails';
import { RematchAndClose1796700000000 } from './1796700000000-RematchAndClose';
import { Circles1796800000000 } from './1796800000000-Circles';
import { TopicRooms1796900000000 } from './1796900000000-TopicRooms';
import { RoomCallChanges1796900000100 } from './1796900000100-RoomCallChanges';
import { MutedBy1796900000200 } from './1796900000200-MutedBy';
import { WorkQueue1796915160000 } from './1796915160000-WorkQueue';
import { PeopleAndSafeguarding1797016150000 } from './1797016150000-PeopleAndSafeguarding';
import { ProgrammeCoordinators1797100000000 } from './1797100000000-ProgrammeCoordinators';
import { CircleProposals1797200000000 } from './1797200000000-CircleProposals';
import { FirstContactIndex1797300000000 } from './1797300000000-FirstContactIndex';
import { SenderProcesses1797400000000 } from './1797400000000-SenderProcesses';
import { NewHtmlLz41797500000000 } from './1797500000000-NewHtmlLz4';
import { NamesWithoutAddresses1797610000000 } from './1797610000000-NamesWithoutAddresses';
import { ContinueInHistory1797620000000 } from './1797620000000-ContinueInHistory';
import { GuardianConsentWithdrawal1797700000000 } from './1797700000000-GuardianConsentWithdrawal';
import { MentorScreening1797800000000 } from './1797800000000-MentorScreening';
import { ScreeningValidity1797800000100 } from './1797800000100-ScreeningValidity';

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
  PollVoteComments1796503480439,
  ParticipantIntroductions1796503499591,
  MentorFirstSteps1796503575637,
  Welcomes1796503664570,
  MessageNewHtml1796503697064,
  OptOutVia1796503859455,
  CultureCatalogue1796503958476,
  VideoCheckins1796504255115,
  MessageDroppedAttachments1796504584471,
  PromptSwaps1796504613896,
  ParticipantSendWeekday1796506559425,
  NoticeWindows1796508874363,
  Deployment1796508946860,
  BounceTokenDefault1796514097292,
  DeliveryHandedAt1796514358432,
  MetricsIndexes1796514443871,
  ForeignKeys1796514464405,
  ValidateForeignKeys1796514464406,
  ReceiveInboundEmail1796518507693,
  DnsCheckRuns1796541500000,
  PromptSchedulePerPairing1796541683627,
  ProgrammeLifecycle1796600000000,
  MatchProposals1796600000200,
  MatchRequests1796600000300,
  EnrolmentDetails1796610000000,
  RematchAndClose1796700000000,
  Circles1796800000000,
  TopicRooms1796900000000,
  RoomCallChanges1796900000100,
  MutedBy1796900000200,
  WorkQueue1796915160000,
  PeopleAndSafeguarding1797016150000,
  ProgrammeCoordinators1797100000000,
  CircleProposals1797200000000,
  FirstContactIndex1797300000000,
  SenderProcesses1797400000000,
  NewHtmlLz41797500000000,
  NamesWithoutAddresses1797610000000,
  ContinueInHistory1797620000000,
  GuardianConsentWithdrawal1797700000000,
  MentorScreening1797800000000,
  ScreeningValidity1797800000100,
];
