import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { applyDecorators, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorResponses, badRequest, Roles } from '@replenish/service-kit';
import { CreateRuleDto } from '../../reordering-rules/index.js';
import { Exports } from '../exports.js';
import { Imports, type ImportKind } from '../import-kinds.js';
import { BATCH_ROWS } from '../import-runner.js';
import { IMPORT_BODY_LIMIT_KB, MAX_IMPORT_ROWS, MEDIA_TYPES, type ImportFormat } from '../import-rows.js';
import { BomImportRow, ProductImportRow, VendorImportRow, WarehouseSettingsImportRow } from './import.dto.js';
import { ImportResultView } from './import.responses.js';

type Request = { headers: IncomingHttpHeaders; body?: unknown };

const FORMATS = Object.keys(MEDIA_TYPES) as ImportFormat[];
const LIMITS = `At most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and ${IMPORT_BODY_LIMIT_KB / 1024} MB per import.`;

/** The body of an import in its three formats: a JSON array of rows, NDJSON (a row per line), CSV (a header of field paths). */
function ApiImport(row: new () => object, summary: string, example: Record<string, unknown>, csv: string) {
  const ndjson = `${JSON.stringify(example)}\n`;
  return applyDecorators(
    ApiExtraModels(row),
    ApiOperation({
      summary,
      description: `${LIMITS} Each row is checked as its single-row endpoint checks a body; the answer lists the refused rows with their line and reasons, the others are written ${BATCH_ROWS.toLocaleString('en')} rows per transaction. A row equal to what is stored writes nothing and publishes nothing (unchanged).`,
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'array', maxItems: MAX_IMPORT_ROWS, items: { $ref: getSchemaPath(row) } }, example: [example] },
          'application/x-ndjson': { schema: { type: 'string', description: 'One JSON row per line.' }, example: ndjson },
          'text/csv': { schema: { type: 'string', description: "A header of field paths ('stockUom.code', 'suppliers.0.vendorId'; lists of words joined by |), then a row per line; an empty cell is an absent field." }, example: csv },
        },
      },
    }),
    HttpCode(200),
    ApiOkResponse({ type: ImportResultView }),
    ApiErrorResponses(400, 413, 415),
  );
}

/** An export in the import's row shape, streamed; `format` or Accept chooses CSV, NDJSON or JSON. */
function ApiExport(kind: ImportKind, row: new () => object) {
  return applyDecorators(
    Get(`exports/${kind}`),
    Roles('viewer'),
    ApiExtraModels(row),
    ApiOperation({ summary: `Every ${kind.replace('-', ' ')} row in the shape its import takes, streamed: an export imported again changes nothing.` }),
    ApiQuery({ name: 'format', required: false, enum: FORMATS, description: 'Overrides Accept (text/csv, application/x-ndjson, else JSON).' }),
    ApiProduces(...Object.values(MEDIA_TYPES)),
    ApiOkResponse({ description: 'The rows (CSV: a header of field paths first).', schema: { type: 'array', items: { $ref: getSchemaPath(row) } } }),
    ApiErrorResponses(400),
  );
}

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: Imports,
    private readonly exports: Exports,
  ) {}

  @Post('imports/products')
  @Roles('admin')
  @ApiImport(ProductImportRow, 'Import products with their units and supplier infos (publishes product.upserted for each product changed).', {
    id: 'P-100', sku: 'SKU-100', name: 'Widget', stockUom: { code: 'Units', category: 'unit', factor: '1', rounding: '1' }, routes: ['buy'],
    suppliers: [{ vendorId: 'V-1', leadTimeDays: 5, price: '2.50' }],
  }, 'id,sku,name,stockUom.code,stockUom.category,stockUom.factor,stockUom.rounding,routes,suppliers.0.vendorId,suppliers.0.leadTimeDays\nP-100,SKU-100,Widget,Units,unit,1,1,buy,V-1,5\n')
  importProducts(@Req() req: Request) {
    return this.imports.run('products', formatOfBody(req), req.body);
  }

  @Post('imports/vendors')
  @Roles('admin')
  @ApiImport(VendorImportRow, 'Import vendors.', { id: 'V-1', name: 'Acme Supplies' }, 'id,name,active\nV-1,Acme Supplies,true\n')
  importVendors(@Req() req: Request) {
    return this.imports.run('vendors', formatOfBody(req), req.body);
  }

  @Post('imports/boms')
  @Roles('admin')
  @ApiImport(BomImportRow, 'Import bills of materials.', {
    id: 'BOM-100', productId: 'P-100', outputQty: '1', productionDelayDays: 2, components: [{ productId: 'P-200', quantity: '2' }],
  }, 'id,productId,outputQty,productionDelayDays,components.0.productId,components.0.quantity\nBOM-100,P-100,1,2,P-200,2\n')
  importBoms(@Req() req: Request) {
    return this.imports.run('boms', formatOfBody(req), req.body);
  }

  @Post('imports/warehouse-settings')
  @Roles('admin')
  @ApiImport(WarehouseSettingsImportRow, "Import warehouses' planning lead days (warehouses planning knows from inventory).", {
    warehouseId: 'WH1', purchaseSecurityLeadDays: 1, daysToPurchase: 1,
  }, 'warehouseId,purchaseSecurityLeadDays,daysToPurchase\nWH1,1,1\n')
  importWarehouseSettings(@Req() req: Request) {
    return this.imports.run('warehouse-settings', formatOfBody(req), req.body);
  }

  @Post('imports/reordering-rules')
  @Roles('planner')
  @ApiImport(CreateRuleDto, 'Import reordering rules by product and warehouse; the automatic ones created or changed are evaluated once, set-based, and may raise drafts.', {
    productId: 'P-100', warehouseId: 'WH1', min: '10', max: '50', multiple: '5',
  }, 'productId,warehouseId,min,max,multiple,trigger\nP-100,WH1,10,50,5,automatic\n')
  importRules(@Req() req: Request) {
    return this.imports.run('reordering-rules', formatOfBody(req), req.body);
  }

  @ApiExport('products', ProductImportRow)
  exportProducts(@Query('format') format: string | undefined, @Req() req: Request, @Res() res: ServerResponse) {
    return this.exports.stream('products', formatOfExport(format, req.headers.accept), res);
  }

  @ApiExport('vendors', VendorImportRow)
  exportVendors(@Query('format') format: string | undefined, @Req() req: Request, @Res() res: ServerResponse) {
    return this.exports.stream('vendors', formatOfExport(format, req.headers.accept), res);
  }

  @ApiExport('boms', BomImportRow)
  exportBoms(@Query('format') format: string | undefined, @Req() req: Request, @Res() res: ServerResponse) {
    return this.exports.stream('boms', formatOfExport(format, req.headers.accept), res);
  }

  @ApiExport('warehouse-settings', WarehouseSettingsImportRow)
  exportWarehouseSettings(@Query('format') format: string | undefined, @Req() req: Request, @Res() res: ServerResponse) {
    return this.exports.stream('warehouse-settings', formatOfExport(format, req.headers.accept), res);
  }

  @ApiExport('reordering-rules', CreateRuleDto)
  exportRules(@Query('format') format: string | undefined, @Req() req: Request, @Res() res: ServerResponse) {
    return this.exports.stream('reordering-rules', formatOfExport(format, req.headers.accept), res);
  }
}

/** The format of an import body, by its Content-Type (the service-kit parsers let only these three through). */
function formatOfBody(req: Request): ImportFormat {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return FORMATS.find((f) => MEDIA_TYPES[f] === type) ?? 'json';
}

function formatOfExport(format: string | undefined, accept: string | undefined): ImportFormat {
  if (format !== undefined) {
    if (!(FORMATS as string[]).includes(format)) throw badRequest('format', `must be one of ${FORMATS.join(', ')}`);
    return format as ImportFormat;
  }
  return FORMATS.find((f) => f !== 'json' && accept?.includes(MEDIA_TYPES[f])) ?? 'json';
}
