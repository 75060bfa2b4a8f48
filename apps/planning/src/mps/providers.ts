import { MpsRepository } from './data-access/mps.repository.js';
import { ForecastConsumer } from './entry-points/forecast.consumer.js';
import { MpsController } from './entry-points/mps.controller.js';
import { MpsCsv } from './mps-csv.js';
import { MpsGrid } from './mps-grid.service.js';
import { MpsLive } from './mps-live.js';
import { MpsReplenisher } from './mps-replenisher.js';
import { MpsService } from './mps.service.js';

/** What the planning module registers for the schedule. */
export const MPS_PROVIDERS = [MpsRepository, MpsGrid, MpsService, MpsReplenisher, MpsCsv, MpsLive];
/** The REST controller, and the forecast consumer (its @EventPattern handler). */
export const MPS_CONTROLLERS = [MpsController, ForecastConsumer];
