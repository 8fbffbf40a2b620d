import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NewCircleDto {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Career changers', description: 'shown in From' })
  name!: string;
  @ApiProperty({ type: [String], minItems: 1, maxItems: 2, description: 'participant ids of mentors' })
  leads!: string[];
  @ApiProperty({ type: [String], minItems: 1, maxItems: 12, description: 'participant ids of mentees' })
  members!: string[];
}

export class CircleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'paused', 'ended'] }) status!: string;
  @ApiProperty() relayAddress!: string;
  @ApiProperty({ description: 'current members, leads included' }) members!: number;
  @ApiProperty() messages!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastMessageAt!: Date | null;
}
