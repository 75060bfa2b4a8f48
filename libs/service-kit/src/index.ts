export type { ServiceDefinition, ServiceName, ServiceOverrides } from './service-definition.js';
export { createServiceApp, startService, chooseBroker, consumersSubscribed } from './app.js';
export { validateServiceEnv, configValidator, ConfigValidationError, defineSettings, envInteger, SERVICE_CONFIG, SERVICE_SETTINGS, LOG_LEVELS } from './config.js';
export type { ServiceConfig, LogLevel, SettingsOf } from './config.js';
export {
  createValidationPipe,
  flattenValidationErrors,
  validationErrorBody,
  validationExceptionFactory,
} from './validation.js';
export { BodySchema, parseBody } from './body-schema.js';
export { IsDecimalString, isDecimalString, IS_DECIMAL_STRING, assertWithinBound } from './decimal-string.js';
export type { DecimalStringOptions } from './decimal-string.js';
export { IsIsoDate, IS_ISO_DATE } from './iso-date.js';
export { ErrorBodyDto, FieldErrorDto, ApiErrorResponses } from './errors/error-body.js';
export { MaxStringLengthPipe } from './auth/string-length.pipe.js';
export { badRequest, notFound, conflict, unprocessable } from './errors/http-errors.js';
export type { HttpErrorMapping } from './errors/error-filter.js';
export { MAX_QUERY_INTEGER, ParseUuidPipe, ParseIntegerPipe } from './errors/param-pipes.js';
export { PG_UNIQUE_VIOLATION, pgCode } from './errors/pg-errors.js';
export { CORRELATION_HEADER, resolveCorrelationId } from './correlation.js';
export { METRICS_REGISTRY } from './metrics.js';
export { readSnapshot } from './database.js';
export { StartupError, PortInUseError, assertPortFree } from './startup.js';
export { Roles, Public, ROLES, ROLES_METADATA, PUBLIC_METADATA, effectiveRoles } from './auth/roles.js';
export type { Role } from './auth/roles.js';
export { readAuthSettings, parseApiKeys, AUTH_VARIABLES } from './auth/auth-settings.js';
export type { AuthSettings, ApiKey } from './auth/auth-settings.js';
export type { Identity } from './auth/authenticator.js';
export { AuditEntryView, ANONYMOUS_ACTOR } from './auth/audit.js';
export { DeadLettersModule } from './dead-letters/dead-letters.controller.js';
