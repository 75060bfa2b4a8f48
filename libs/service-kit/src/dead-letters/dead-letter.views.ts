import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class DeadLetterTopicView {
  @ApiProperty({ description: 'A topic this service consumes.', example: 'stock.moves' })
  topic!: string;
  @ApiProperty({ description: 'Where its dead letters are kept.', example: 'stock.moves.dlq' })
  deadLetterTopic!: string;
  @ApiProperty({ description: 'Dead letters kept, replayed ones included.', example: 2 })
  total!: number;
  @ApiProperty({ description: 'Dead letters not replayed yet.', example: 1 })
  pending!: number;
}

export class DeadLetterView {
  @ApiProperty({ description: '`<partition>@<offset>` in the dead-letter topic.', example: '0@3' })
  position!: string;
  @ApiPropertyOptional({ description: 'The event id, when the message was a readable event.', example: '0b9c4e0e-8a4b-4f43-9d3e-2f1c1a7e6b10' })
  eventId?: string;
  @ApiPropertyOptional({ description: 'The event type, when readable.', example: 'stock.move.recorded' })
  eventType?: string;
  @ApiPropertyOptional({ description: 'The consumer group that gave up on it.', example: 'inventory' })
  consumerGroup?: string;
  @ApiPropertyOptional({ description: 'When it was dead-lettered (ISO 8601).', example: '2026-01-05T10:00:00.000Z' })
  failedAt?: string;
  @ApiProperty({ description: 'Why it was dead-lettered.', example: 'invalid envelope: id is required' })
  reason!: string;
  @ApiProperty({ description: 'The topic it was consumed from.', example: 'stock.moves' })
  originalTopic!: string;
  @ApiProperty({ description: 'Its partition in the original topic.', example: '0' })
  originalPartition!: string;
  @ApiProperty({ description: 'Its offset in the original topic.', example: '17' })
  originalOffset!: string;
  @ApiProperty({ description: 'Whether it was replayed already (each dead letter is replayed at most once).' })
  replayed!: boolean;
}

export class DeadLetterPageView {
  @ApiProperty({ example: 'stock.moves' })
  topic!: string;
  @ApiProperty({ description: 'Dead letters of the topic, replayed ones included.', example: 1 })
  total!: number;
  @ApiProperty({ type: [DeadLetterView], description: 'Oldest first, `limit` from `offset`.' })
  items!: DeadLetterView[];
}

export class ReplayDeadLettersBody {
  @ApiPropertyOptional({ description: 'Replay only the dead letter of this event; without it, every one not replayed yet.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  eventId?: string;
}

export class ReplayResultView {
  @ApiProperty({ description: 'How many dead letters were published again to their topic.', example: 1 })
  replayed!: number;
  @ApiProperty({ type: [DeadLetterView], description: 'The dead letters replayed (their state before the replay).' })
  items!: DeadLetterView[];
}
