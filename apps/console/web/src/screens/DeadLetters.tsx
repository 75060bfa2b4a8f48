import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { inventory, planning, salesOrders, type InventorySchemas } from '../api/clients';
import { messageOf, unwrap } from '../api/errors';
import { useQuery } from '../api/use-query';
import { DataTable } from '../ui/DataTable';
import { Status } from '../ui/Status';

// The three services expose the same dead-letters API (service-kit's DeadLettersController): one client shape.
type DeadLetter = InventorySchemas['DeadLetterView'];
type TopicRow = InventorySchemas['DeadLetterTopicView'] & { service: Service };
const SERVICES = { 'sales-orders': salesOrders, inventory, planning } as const;
type Service = keyof typeof SERVICES;
const client = (service: Service) => SERVICES[service] as unknown as typeof inventory;
const PAGE = 50;
const topicColumn = createColumnHelper<TopicRow>();
const letterColumn = createColumnHelper<DeadLetter>();

/**
 * Screen 6 (part): the dead letters of each service's input topics (events refused for good, with their reason),
 * and their replay (operator), as `npm run dlq` does. Dead letters are not events the console hears: Refresh reads
 * them again.
 */
export function DeadLetters() {
  const [selected, setSelected] = useState<{ service: Service; topic: string }>();
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const topics = useQuery('dead-letter-topics', async () => {
    const rows: TopicRow[] = [];
    for (const service of Object.keys(SERVICES) as Service[]) {
      rows.push(...unwrap(await client(service).GET('/dead-letters')).map((t) => ({ ...t, service })));
    }
    return rows;
  });
  const letters = useQuery(JSON.stringify({ selected, offset }), async () =>
    selected
      ? unwrap(await client(selected.service).GET('/dead-letters/{topic}', { params: { path: { topic: selected.topic }, query: { limit: PAGE, offset } } }))
      : undefined,
  );
  const refresh = () => {
    topics.reload();
    letters.reload();
  };
  const replay = async (eventId?: string) => {
    if (!selected) return;
    setActionError(undefined);
    try {
      const done = unwrap(await client(selected.service).POST('/dead-letters/{topic}/replay', { params: { path: { topic: selected.topic } }, body: eventId ? { eventId } : {} }));
      setMessage(`${done.replayed} event(s) replayed to ${selected.topic}`);
      refresh();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };

  const topicColumns = [
    topicColumn.accessor('service', { header: 'Service' }),
    topicColumn.accessor('topic', { header: 'Topic' }),
    topicColumn.accessor('pending', { header: 'Not replayed', cell: (c) => <span className="num">{c.getValue()}</span> }),
    topicColumn.accessor('total', { header: 'Dead letters', cell: (c) => <span className="num">{c.getValue()}</span> }),
    topicColumn.display({
      id: 'show', header: 'Dead letters',
      cell: ({ row }) => (
        <button type="button" disabled={row.original.total === 0} aria-label={`Show dead letters of ${row.original.topic} (${row.original.service})`}
          onClick={() => { setSelected({ service: row.original.service, topic: row.original.topic }); setOffset(0); setMessage(undefined); }}>Show</button>
      ),
    }),
  ];
  const letterColumns = [
    letterColumn.accessor('failedAt', { header: 'Failed', cell: (c) => (c.getValue() ? new Date(c.getValue()!).toLocaleString() : '') }),
    letterColumn.accessor('eventType', { header: 'Event type' }),
    letterColumn.accessor('eventId', { header: 'Event id', cell: (c) => <code>{c.getValue() ?? '(unreadable)'}</code> }),
    letterColumn.accessor('reason', { header: 'Reason' }),
    letterColumn.display({ id: 'from', header: 'From', cell: ({ row }) => `${row.original.originalTopic} ${row.original.originalPartition}@${row.original.originalOffset}` }),
    letterColumn.display({
      id: 'replay', header: 'Replay',
      cell: ({ row }) => (row.original.replayed ? 'replayed' : row.original.eventId
        ? <button type="button" aria-label={`Replay event ${row.original.eventId}`} onClick={() => void replay(row.original.eventId)}>Replay</button>
        : 'pending'),
    }),
  ];
  const page = letters.data;
  return (
    <>
      <h3>Dead letters</h3>
      <p className="lead">Events a service refused for good, per topic it consumes, with the reason. Replaying publishes one again to its topic, once (operator role).</p>
      <button type="button" onClick={refresh}>Refresh dead letters</button>
      <Status message={message} error={topics.error ?? letters.error ?? actionError} />
      <DataTable caption="Dead-letter topics" data={topics.data ?? []} columns={topicColumns} rowId={(t) => `${t.service}|${t.topic}`} empty="No topic consumed yet." />
      {selected && page && (
        <>
          <DataTable caption={`Dead letters of ${selected.topic} (${selected.service}): ${page.total}`} data={page.items} columns={letterColumns} rowId={(l) => l.position} empty="No dead letter." />
          <nav className="pager" aria-label="Pages of dead letters">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous page</button>
            <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next page</button>
            <button type="button" disabled={!page.items.some((l) => !l.replayed)} onClick={() => void replay()}>Replay all not replayed</button>
          </nav>
        </>
      )}
    </>
  );
}
