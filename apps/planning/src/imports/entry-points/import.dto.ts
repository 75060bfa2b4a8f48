import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, Matches, ValidateNested } from 'class-validator';
import { BomDto, ID_DOC, ID_MESSAGE, ID_PATTERN, ProductDto, SupplierInfoDto, VendorDto, WarehouseSettingsDto } from '../../catalog/index.js';

// The rows of the imports: each the single-row endpoint's body, with the id it would take from the path required,
// so that a re-import finds the same row (decision planning-014).

const REQUIRED_ID = 'required in an import: a re-import finds the same row by it';

class RequiredId {
  @ApiProperty({ ...ID_DOC, example: 'P-100', description: `The row's id, ${REQUIRED_ID}.` })
  @IsDefined({ message: `id is ${REQUIRED_ID}` }) @Matches(ID_PATTERN, { message: ID_MESSAGE }) id!: string;
}

class SupplierInfos {
  @ApiPropertyOptional({
    type: [SupplierInfoDto], maxItems: 100,
    description: "The product's supplier infos, all of them: vendors not listed are removed. Absent: the supplier infos stay as they are.",
  })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SupplierInfoDto) suppliers?: SupplierInfoDto[];
}

export class ProductImportRow extends IntersectionType(OmitType(ProductDto, ['id'] as const), RequiredId, SupplierInfos) {}

export class VendorImportRow extends IntersectionType(OmitType(VendorDto, ['id'] as const), RequiredId) {}

export class BomImportRow extends IntersectionType(OmitType(BomDto, ['id'] as const), RequiredId) {}

export class WarehouseSettingsImportRow extends WarehouseSettingsDto {
  @ApiProperty({ ...ID_DOC, example: 'WH1', description: 'A warehouse planning knows from inventory (warehouse.created).' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;
}
