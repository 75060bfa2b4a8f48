export { startConsole, SERVICE_NAMES, type ConsoleOptions, type RunningConsole, type ServiceName } from './console-server.js';
export { consoleStaticDir } from './static-dir.js';
export { LIVE_TOPICS, liveEventOf } from './live-events.js';
export type { LiveEvent } from './live-event.js';
