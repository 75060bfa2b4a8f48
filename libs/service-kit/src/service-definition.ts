import type { z } from 'zod';
import type { DynamicModule, Type } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { HttpErrorMapping } from './errors/error-filter.js';
import type { Broker } from './messaging.js';

export type ServiceName = 'sales-orders' | 'inventory' | 'planning';

/** What a service hands to service-kit: everything else (config, DB, messaging, HTTP plumbing) is shared. */
export interface ServiceDefinition {
  name: ServiceName;
  /** PostgreSQL schema: sales_orders | inventory | planning. Created when missing. */
  schema: string;
  /** 3001 | 3002 | 3003; PORT overrides it. */
  defaultPort: number;
  /** TypeORM entities. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  /** The service's own TypeORM migrations; the messaging tables (outbox, inbox) are added for you. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** The service's feature modules. */
  imports: (DynamicModule | Type)[];
  /** Optional OpenAPI description shown at /docs. */
  description?: string;
  /**
   * The service's own environment variables, by name (`envInteger` for numbers): validated with the common
   * ones, so a bad value stops the start naming the variable; injected as SERVICE_SETTINGS.
   */
  settings?: z.ZodObject;
  /**
   * Routes (path prefixes) that take a larger JSON body than HTTP_BODY_LIMIT_KB, in KB: a batch endpoint. The larger
   * of the two applies; every other route keeps HTTP_BODY_LIMIT_KB.
   */
  bodyLimitsKb?: Readonly<Record<string, number>>;
  /**
   * Routes (path prefixes) that also take these media types (text/csv, application/x-ndjson: bulk imports), read as
   * a string into `req.body` up to the route's bodyLimitsKb; any other type still answers 415.
   */
  textBodyTypes?: Readonly<Record<string, readonly string[]>>;
  /** The service's domain errors as HTTP answers; any other error answers a generic 500 (see HttpErrorFilter). */
  httpErrors?: HttpErrorMapping;
}

/** What a caller may override: the embedded launcher and tests. */
export interface ServiceOverrides {
  /**
   * The broker to use when KAFKA_BROKERS is unset (the embedded mode: one InProcessBroker shared by the
   * three services). Ignored when KAFKA_BROKERS is set.
   */
  broker?: Broker;
  /**
   * Environment variables merged over process.env for this service only (several services can run in one
   * process, each with its own PORT).
   */
  env?: Record<string, string | undefined>;
  /** Log the "listening on" line; default true. */
  logStartup?: boolean;
  /** Where the JSON log lines go; default stdout (tests capture them here). */
  logDestination?: DestinationStream;
}
