import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LOCATION_NAME, WAREHOUSE_CODE } from '../locations.js';

export class CreateWarehouseDto {
  @ApiProperty({ example: 'WH1', description: 'Short code; its stock location is `<code>/Stock`.' })
  @IsString() @Matches(WAREHOUSE_CODE, { message: 'code must be 1 to 20 upper-case letters, digits, - or _' })
  code!: string;

  @ApiPropertyOptional({ description: 'Id used in events (productId@warehouseId); defaults to the code.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  id?: string;

  @ApiPropertyOptional({ example: 'Main warehouse' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone: the warehouse calendar of dated moves.' })
  @IsString() @MinLength(1) @MaxLength(64)
  timeZone!: string;
}

export class CreateLocationDto {
  @ApiProperty({ example: 'WH1/Stock', description: 'Code of the parent location (a warehouse location).' })
  @IsString() @MinLength(1) @MaxLength(200)
  parent!: string;

  @ApiProperty({ example: 'Shelf 1', description: 'One path segment, no slash.' })
  @IsString() @Matches(LOCATION_NAME, { message: 'name must be 1 to 80 characters, no slash, no leading or trailing blank' })
  name!: string;
}

export class LocationsQueryDto {
  @ApiPropertyOptional({ example: 'WH1', description: "The warehouse's locations; without it, the virtual locations." }) @IsOptional() @IsString() @MaxLength(100)
  warehouseId?: string;
}
