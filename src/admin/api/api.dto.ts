import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes, for the OpenAPI document only (the services return plain objects of this shape). */
export class ProgrammeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() curriculumKey!: string;
  @ApiProperty({ minimum: 1, maximum: 7 }) sendWeekday!: number;
  @ApiProperty({ minimum: 0, maximum: 23 }) sendHour!: number;
  @ApiProperty() senderLimit!: number;
  @ApiProperty() pairingLimit!: number;
  @ApiProperty() loopLimit!: number;
  @ApiProperty() floodWindowMinutes!: number;
  @ApiProperty({ minimum: 0, maximum: 21 }) minAge!: number;
}

export class ProgrammeLimitsDto {
  @ApiProperty({
    minimum: 1,
    maximum: 100_000,
    example: 30,
    description: 'emails from one sender per window',
  })
  senderLimit!: number;
  @ApiProperty({ minimum: 1, maximum: 100_000, example: 60, description: 'emails to one pairing per window' })
  pairingLimit!: number;
  @ApiProperty({
    minimum: 1,
    maximum: 100_000,
    example: 20,
    description: 'messages exchanged between two addresses per window before the next is held',
  })
  loopLimit!: number;
  @ApiProperty({ minimum: 1, maximum: 1440, example: 10 }) floodWindowMinutes!: number;
}

export class ProgrammeScheduleDto {
  @ApiProperty({ example: 'default-12-week' }) curriculumKey!: string;
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 is Monday' }) sendWeekday!: number;
  @ApiProperty({ minimum: 0, maximum: 23, description: "hour in each participant's own time zone" })
  sendHour!: number;
}

export class PairingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ enum: ['active', 'paused', 'ended'] }) status!: string;
  @ApiProperty() relayAddress!: string;
  @ApiProperty() members!: string;
  @ApiProperty({ enum: ['active', 'quiet', 'attention', 'paused', 'ended'] }) health!: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) mentorLast!: Date | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) menteeLast!: Date | null;
  @ApiProperty() messages!: number;
}

export class InboundDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) fromAddress!: string | null;
  @ApiProperty() recipient!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) subject!: string | null;
  @ApiPropertyOptional({ type: Object, nullable: true }) auth!: Record<string, string> | null;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: Date;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['relay', 'prompt', 'digest', 'notice', 'welcome', 'checkin'] }) kind!: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'failed', 'suppressed', 'uncertain', 'skipped'] })
  status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() toAddress!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class ProgrammeMinAgeDto {
  @ApiProperty({ minimum: 0, maximum: 21, example: 13, description: "the youngest participant's age" })
  minAge!: number;
}

export class NewFilmDto {
  @ApiProperty({ example: 'Hidden Figures' }) title!: string;
  @ApiProperty({ example: 2016 }) year!: number;
  @ApiProperty({ example: 127 }) runtimeMinutes!: number;
  @ApiProperty({
    example: 'PG',
    description: 'G, PG, PG-13 or R set minAge themselves; any other needs minAge',
  })
  ageRating!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 21 }) minAge?: number;
  @ApiProperty({ type: [String], example: ['STEM careers', 'persistence'] }) themes!: string[];
  @ApiProperty({
    example: 'Each of the three women gets ahead in a different way: which is closest to yours?',
  })
  discussionAngle!: string;
}

export class FilmDto extends NewFilmDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: the default set' })
  programmeId!: string | null;
  @ApiPropertyOptional({ description: "GET: whether the programme's age limit lets it be offered" })
  offered?: boolean;
}

export class NewTourDto {
  @ApiProperty({ example: 'Rijksmuseum, Amsterdam' }) name!: string;
  @ApiProperty({ example: 'https://artsandculture.google.com/partner/rijksmuseum' }) url!: string;
  @ApiProperty() lookAt!: string;
  @ApiProperty() careerQuestion!: string;
}

export class TourDto extends NewTourDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) programmeId!: string | null;
}

export class InviteDto {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'Ana Lima' }) name!: string;
  @ApiProperty({ example: 'ana@example.org' }) email!: string;
  @ApiProperty({ enum: ['mentor', 'mentee', 'either'], description: 'either: asked in the questionnaire' })
  role!: string;
  @ApiPropertyOptional({ example: 'Ana' }) preferredName?: string;
  @ApiPropertyOptional({ example: 'Europe/Lisbon' }) timeZone?: string;
  @ApiPropertyOptional({ example: 'pt-BR' }) locale?: string;
  @ApiPropertyOptional({ description: 'youth programmes: the guardian asked to consent' })
  guardianEmail?: string;
}

export class InviteCsvDto {
  @ApiProperty({
    description: 'header line: name,email,role,preferred_name,time_zone,locale,guardian_email',
    example: 'name,email,role\nAna Lima,ana@example.org,mentee',
  })
  csv!: string;
}

export class ScreeningChangeDto {
  @ApiProperty({ enum: ['background', 'training'], description: 'background: DBS or the like' })
  check!: string;
  @ApiProperty({
    description:
      'true records the check as done now; false clears it (where the programme asks for screening, ' +
      'that pauses their active pairs as the mentor and takes them out of the circles they lead and the rooms they are in)',
  })
  recorded!: boolean;
}

export class ScreeningRecordDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) recordedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: "the recording staff member's email" })
  recordedBy!: string | null;
}

export class ScreeningWithdrawnDto {
  @ApiProperty() pausedPairs!: number;
  @ApiProperty() circlesLeft!: number;
  @ApiProperty() roomsLeft!: number;
}

export class ScreeningStateDto {
  @ApiProperty({ description: 'whether the programme asks for screening' }) required!: boolean;
  @ApiProperty({ type: ScreeningRecordDto }) background!: ScreeningRecordDto;
  @ApiProperty({ type: ScreeningRecordDto }) training!: ScreeningRecordDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) clearedAt!: Date | null;
  @ApiProperty({ description: "the last clearing was a lapse past the programme's validity, not staff's" })
  lapsed!: boolean;
  @ApiProperty({ description: 'false: the check already stood as asked, nothing was written' })
  changed!: boolean;
  @ApiProperty({ type: ScreeningWithdrawnDto }) withdrawn!: ScreeningWithdrawnDto;
}
