import { healthSummary } from './health.js';

const up = (key: string, data: object = {}) => ({ [key]: { status: 'up' as const, ...data } });
const down = (key: string, data: object = {}) => ({ [key]: { status: 'down' as const, ...data } });

describe('healthSummary: the overall status of GET /health', () => {
  it('is ok when every check is up, the consumers members', () => {
    const view = healthSummary([up('database'), up('broker', { relayLagRows: 0 }), up('consumers', { state: 'member' })], { state: 'member' });
    expect(view).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, broker: { status: 'up', relayLagRows: 0 }, consumers: { status: 'up', state: 'member' } },
      error: {},
      details: { database: { status: 'up' }, broker: { status: 'up', relayLagRows: 0 }, consumers: { status: 'up', state: 'member' } },
    });
  });

  it('is ok for a service that consumes nothing', () => {
    expect(healthSummary([up('database'), up('broker')], undefined).status).toBe('ok');
  });

  it('is joining while only the consumers are starting or joining', () => {
    for (const state of ['starting', 'joining'] as const) {
      const view = healthSummary([up('database'), up('broker'), down('consumers', { state })], { state });
      expect(view.status).toBe('joining');
      expect(view.error).toEqual({ consumers: { status: 'down', state } });
    }
  });

  it('is error when something else is down, or a partition is stuck, even while joining', () => {
    expect(healthSummary([up('database'), down('broker', { message: 'timeout of 800ms exceeded' }), down('consumers', { state: 'joining' })], { state: 'joining' }).status).toBe('error');
    expect(healthSummary([up('database'), up('broker'), down('consumers', { state: 'joining', stuck: [{ topic: 't', partition: 0 }] })], { state: 'joining' }).status).toBe('error');
    expect(healthSummary([up('database'), up('broker'), down('consumers', { state: 'failed', error: 'gave up' })], { state: 'failed' }).status).toBe('error');
    expect(healthSummary([down('database'), up('broker'), up('consumers', { state: 'member' })], { state: 'member' }).status).toBe('error');
  });

  it('is shutting_down once the consumers left their group', () => {
    expect(healthSummary([up('database'), up('broker'), down('consumers', { state: 'left' })], { state: 'left' }).status).toBe('shutting_down');
  });
});
