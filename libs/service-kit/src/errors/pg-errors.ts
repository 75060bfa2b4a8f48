/** PostgreSQL error codes (SQLSTATE) the services react to. */
export const PG_UNIQUE_VIOLATION = '23505';
/** The database named in the connection string does not exist (the service then creates it). */
export const PG_INVALID_CATALOG_NAME = '3D000';
/** CREATE DATABASE of a database that exists (created meanwhile by another replica). */
export const PG_DUPLICATE_DATABASE = '42P04';

/** The SQLSTATE of an error from pg, whether raw or wrapped by TypeORM (QueryFailedError.driverError). */
export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
