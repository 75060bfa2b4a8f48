import { Module } from '@nestjs/common';
import { CatalogService } from './catalog/catalog.service.js';
import { CatalogBulkRepository } from './catalog/data-access/catalog-bulk.repository.js';
import { CatalogRepository } from './catalog/data-access/catalog.repository.js';
import { CatalogController } from './catalog/entry-points/catalog.controller.js';
import { WarehouseConsumer } from './catalog/entry-points/warehouse.consumer.js';
import { SupplyResolver } from './catalog/supply-resolver.js';
import { DraftOrderRepository } from './draft-orders/data-access/draft-order.repository.js';
import { DraftOrderService } from './draft-orders/draft-order.service.js';
import { DraftOrdersController } from './draft-orders/entry-points/draft-orders.controller.js';
import { SupplyEventsConsumer } from './supply-decisions/entry-points/supply-events.consumer.js';
import { MtoRepository } from './make-to-order/data-access/mto.repository.js';
import { ExceptionsController } from './make-to-order/entry-points/exceptions.controller.js';
import { SalesOrderConsumer } from './make-to-order/entry-points/sales-order.consumer.js';
import { MtoService } from './make-to-order/mto.service.js';
import { ProjectionRepository } from './reordering-rules/data-access/projection.repository.js';
import { RuleRepository } from './reordering-rules/data-access/rule.repository.js';
import { SweepRunRepository } from './reordering-rules/data-access/sweep-run.repository.js';
import { RulesController } from './reordering-rules/entry-points/rules.controller.js';
import { StockPositionConsumer } from './reordering-rules/entry-points/stock-position.consumer.js';
import { ProjectionService } from './reordering-rules/projection.service.js';
import { NeedOrderer } from './reordering-rules/need-orderer.js';
import { RuleEvaluator } from './reordering-rules/rule-evaluator.js';
import { RuleService } from './reordering-rules/rule.service.js';
import { SetEvaluator } from './reordering-rules/set-evaluator.js';
import { PropagationWaves } from './reordering-rules/propagation-waves.js';
import { SweepService } from './reordering-rules/sweep.service.js';
import { ImportsController } from './imports/entry-points/imports.controller.js';
import { IMPORT_PROVIDERS } from './imports/providers.js';
import { RuleBulkRepository } from './reordering-rules/data-access/rule-bulk.repository.js';
import { ReportController } from './report/entry-points/report.controller.js';
import { ReportService } from './report/report.service.js';
import { Clock } from './shared/clock.js';
import { ProductSitePlanningRepository } from './mrp-planning-data/data-access/product-site-planning.repository.js';
import { ReorderPolicyRepository } from './mrp-planning-data/data-access/reorder-policy.repository.js';
import { ProductSitePlanningController } from './mrp-planning-data/entry-points/product-site-planning.controller.js';
import { ReorderPoliciesController } from './mrp-planning-data/entry-points/reorder-policies.controller.js';
import { ProductSitePlanningService } from './mrp-planning-data/product-site-planning.service.js';
import { ReorderPolicyService } from './mrp-planning-data/reorder-policy.service.js';
import { PlanningMethodRepository } from './planning-methods/data-access/planning-method.repository.js';
import { PlanningMethods } from './planning-methods/planning-methods.service.js';
import { MPS_CONTROLLERS, MPS_PROVIDERS, MpsLive } from './mps/index.js';
import { MRP_CONTROLLERS, MRP_PROVIDERS, MrpNetChange } from './mrp/providers.js';
import { PlanChanges } from './shared/plan-changes.js';
import { PLAN_CHANGE_LISTENERS, PlanChangesFanOut } from './shared/plan-changes-fan-out.js';

/**
 * One module on purpose: rules order drafts, and draft confirmations re-evaluate rules; splitting them
 * into Nest modules would only add forwardRef cycles. The folders keep the features apart.
 */
@Module({
  controllers: [
    CatalogController, RulesController, DraftOrdersController, ExceptionsController, ReportController, ImportsController,
    ReorderPoliciesController, ProductSitePlanningController, ...MRP_CONTROLLERS, ...MPS_CONTROLLERS,
    // Consumers: their @EventPattern handlers (the messaging transport).
    WarehouseConsumer, SupplyEventsConsumer, StockPositionConsumer, SalesOrderConsumer,
  ],
  providers: [
    Clock,
    CatalogRepository, CatalogService, SupplyResolver,
    DraftOrderRepository, DraftOrderService,
    ProjectionRepository, ProjectionService, RuleRepository, NeedOrderer, RuleEvaluator, SetEvaluator, PropagationWaves, RuleService, SweepRunRepository, SweepService,
    MtoRepository, MtoService,
    ReportService,
    CatalogBulkRepository, RuleBulkRepository, ...IMPORT_PROVIDERS,
    PlanningMethodRepository, PlanningMethods, ReorderPolicyRepository, ReorderPolicyService, ProductSitePlanningRepository, ProductSitePlanningService,
    ...MRP_PROVIDERS,
    ...MPS_PROVIDERS,
    // What the consumers and the planning data services tell the plans beside the rules, in their transaction.
    { provide: PLAN_CHANGE_LISTENERS, useFactory: (mrp: PlanChanges, mps: PlanChanges) => [mrp, mps], inject: [MrpNetChange, MpsLive] },
    { provide: PlanChanges, useClass: PlanChangesFanOut },
  ],
})
export class PlanningModule {}
