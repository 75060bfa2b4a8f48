// The reordering-rules feature's public file: what other features of planning may use (decision 0005).
export { AWAITING_POSITION_GRACE, ProjectionRepository } from './data-access/projection.repository.js';
export { RuleBulkRepository } from './data-access/rule-bulk.repository.js';
export { RuleRepository, type RuleRow } from './data-access/rule.repository.js';
export { CreateRuleDto } from './entry-points/rule.dto.js';
export { RuleView } from './entry-points/rule.responses.js';
export { draftTargetOf, NeedOrderer, orderDates, type NeedOrder } from './need-orderer.js';
export { ProjectionService } from './projection.service.js';
export { PropagationWaves } from './propagation-waves.js';
export { RuleEvaluator, ruleLockKey } from './rule-evaluator.js';
export { RuleService } from './rule.service.js';
export { chunksOf, SetEvaluator, type ProductSiteKey, type SetEvaluationOptions, type SetEvaluationResult } from './set-evaluator.js';
