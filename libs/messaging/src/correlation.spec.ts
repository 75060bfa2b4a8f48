import { batchCorrelation, correlationLogFields, correlationStore } from './correlation.js';

describe('correlation of log lines', () => {
  it('an event: its correlation id and event id; outside any work: nothing', () => {
    expect(correlationLogFields()).toEqual({});
    expect(correlationStore.run({ correlationId: 'c-1', eventId: 'e-1' }, correlationLogFields)).toEqual({ correlationId: 'c-1', eventId: 'e-1' });
    expect(correlationStore.run({ correlationId: 'c-1' }, correlationLogFields)).toEqual({ correlationId: 'c-1' });
  });

  it('a batch: the correlation id of each event, once, first to last; one correlation stays a plain correlation id', () => {
    const batch = batchCorrelation([{ correlationId: 'c-2' }, { correlationId: 'c-1' }, { correlationId: 'c-2' }]);
    expect(batch).toEqual({ correlationId: 'c-2', correlationIds: ['c-2', 'c-1'] });
    expect(correlationStore.run(batch, correlationLogFields)).toEqual({ correlationIds: ['c-2', 'c-1'] });
    expect(batchCorrelation([{ correlationId: 'c-3' }, { correlationId: 'c-3' }])).toEqual({ correlationId: 'c-3' });
  });
});
