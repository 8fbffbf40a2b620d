import { ADMIN_ENTITIES } from '../admin/entities';
import { Nudge } from '../attention/entities/nudge.entity';
import { PairingAction } from '../attention/entities/pairing-action.entity';
import { RoomCallRsvp } from '../rooms/entities/room-call-rsvp.entity';
import { RoomCall } from '../rooms/entities/room-call.entity';
import { PairingContinuation } from '../closing/entities/pairing-continuation.entity';
import { RematchRequest } from '../closing/entities/rematch-request.entity';
import { ChoiceWait } from '../choice/entities/choice-wait.entity';
import { MatchRequest } from '../choice/entities/match-request.entity';
import { Message } from '../conversations/entities/message.entity';
import { MessageIdLink } from '../conversations/entities/message-id-link.entity';
import { Thread } from '../conversations/entities/thread.entity';
import { InboundEmail } from '../inbound/entities/inbound-email.entity';
import { DeskAsk } from '../desk/entities/desk-ask.entity';
import { ParticipantProfile } from '../enrolment/entities/participant-profile.entity';
import { MatchExclusion } from '../matching/entities/match-exclusion.entity';
import { MatchProposal } from '../matching/entities/match-proposal.entity';
import { MatchProposalPair } from '../matching/entities/match-proposal-pair.entity';
import { MatchProposalUnmatched } from '../matching/entities/match-proposal-unmatched.entity';
import { CircleProposal } from '../matching/entities/circle-proposal.entity';
import { ProposedCircle } from '../matching/entities/circle-proposal-circle.entity';
import { ProposedCircleMember } from '../matching/entities/circle-proposal-member.entity';
import { CircleProposalLeftOut } from '../matching/entities/circle-proposal-left-out.entity';
import { DnsCheckRun } from '../deliverability/entities/dns-check-run.entity';
import { Delivery } from '../outbound/entities/delivery.entity';
import { DeliveryEvent } from '../outbound/entities/delivery-event.entity';
import { OutboundPause } from '../outbound/entities/outbound-pause.entity';
import { Suppression } from '../outbound/entities/suppression.entity';
import { PairingMember } from '../programs/entities/pairing-member.entity';
import { Pairing } from '../programs/entities/pairing.entity';
import { Participant } from '../programs/entities/participant.entity';
import { Programme } from '../programs/entities/programme.entity';
import { Letter } from '../prompts/entities/letter.entity';
import { PairingPrompt } from '../prompts/entities/pairing-prompt.entity';
import { PollVote } from '../prompts/entities/poll-vote.entity';
import { PromptAnswer } from '../prompts/entities/prompt-answer.entity';
import { Schedule } from '../prompts/entities/schedule.entity';
import { VideoCheckin } from '../prompts/entities/video-checkin.entity';
import { Welcome } from '../prompts/entities/welcome.entity';

/** Every entity, listed once so the app, the CLI and the migration generator agree. */
export const ENTITIES = [
  DnsCheckRun,
  Programme,
  Participant,
  Pairing,
  PairingMember,
  Thread,
  Message,
  MessageIdLink,
  InboundEmail,
  Delivery,
  DeliveryEvent,
  Suppression,
  OutboundPause,
  ...ADMIN_ENTITIES,
  Schedule,
  PairingPrompt,
  PollVote,
  Letter,
  Welcome,
  VideoCheckin,
  PromptAnswer,
  ParticipantProfile,
  DeskAsk,
  MatchExclusion,
  RematchRequest,
  PairingContinuation,
  MatchProposal,
  MatchProposalPair,
  MatchProposalUnmatched,
  CircleProposal,
  ProposedCircle,
  ProposedCircleMember,
  CircleProposalLeftOut,
  MatchRequest,
  ChoiceWait,
  RoomCall,
  RoomCallRsvp,
  PairingAction,
  Nudge,
];
