import type { INestApplication } from '@nestjs/common';
import { productUpserted, topics, type PayloadOf, type stockMoveDone } from '@replenish/contracts';
import { KafkaProbe, createDatabase, http, kgProduct, runId, startInventory, unitProduct, waitFor } from './support.js';

// POST /stock/moves/batch against real PostgreSQL and Kafka: per-move results, idempotent replays, one position
// event per product@warehouse per batch, and the limit of 10,000 moves.
const rid = runId();
const P = `BP-${rid}`;
const F = `BF-${rid}`;
const A = `BA${rid.toUpperCase()}`;
const B = `BB${rid.toUpperCase()}`;
const C = `BC${rid.toUpperCase()}`;
let seq = 0;
const nextId = () => `BM-${rid}-${++seq}`;

let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
const probe = new KafkaProbe();

type Move = PayloadOf<typeof stockMoveDone>;
const move = (over: Partial<Move> = {}): Move => ({
  moveId: nextId(), kind: 'receipt', productId: P, quantity: '1', uom: 'Units', fromLocation: 'virtual/vendor', toLocation: `${A}/Stock`,
  doneAt: '2026-03-02T09:15:00.000Z', ...over,
});

interface BatchAnswer {
  applied: number;
  duplicate: number;
  refused: number;
  results: { index: number; moveId: string | null; status: string; errors?: { field: string; reason: string }[] }[];
  /** A 400's refused fields. */
  errors?: { field: string; reason: string }[];
}
const batch = (moves: unknown[]) => http<BatchAnswer>(base, 'POST', '/stock/moves/batch', { moves });
const onHand = async (productId: string, warehouseId: string) => (await http(base, 'GET', `/stock/on-hand?productId=${productId}&warehouseId=${warehouseId}`)).body.onHand;
const positions = (productId: string, warehouseId: string) =>
  probe.events('stock-position.changed', (p) => p.productId === productId && p.warehouseId === warehouseId).map((e) => e.payload as { onHand: string; sequence: number });

/**
 * Posts a single marker move and waits for its position (on hand as the ledger gives it after the marker): every
 * position published before it has arrived by then (one partition per key). Returns them all, the marker's last.
 */
async function settledPositions(productId: string, warehouseId: string): Promise<{ onHand: string; sequence: number }[]> {
  const marker = move({ productId, toLocation: `${warehouseId}/Stock`, uom: productId === F ? 'kg' : 'Units' });
  expect((await http(base, 'POST', '/stock/moves', marker)).status).toBe(201);
  const after = await onHand(productId, warehouseId);
  await waitFor(() => positions(productId, warehouseId).some((p) => p.onHand === after), { description: `position of ${productId}@${warehouseId} after a marker move` });
  return positions(productId, warehouseId);
}

beforeAll(async () => {
  db = await createDatabase('inventory_batch');
  ({ app, base } = await startInventory(db.url));
  await probe.start([topics.stockPositions]);
  await probe.publish(productUpserted, unitProduct(P));
  await probe.publish(productUpserted, kgProduct(F));
  await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${F}`)).status === 200 && (await http(base, 'GET', `/stock/on-hand?productId=${P}`)).status === 200, { description: 'products known' });
  for (const code of [A, B, C]) expect((await http(base, 'POST', '/warehouses', { code, timeZone: 'UTC' })).status).toBe(201);
  expect((await http(base, 'POST', '/locations', { parent: `${A}/Stock`, name: 'Shelf 1' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await probe.stop();
  await app?.close();
  await db?.drop();
});

describe('POST /stock/moves/batch', () => {
  it('books the valid moves of a mixed batch and answers a result per move: applied, duplicate, refused with field reasons', async () => {
    const booked = move({ quantity: '4' });
    expect((await http(base, 'POST', '/stock/moves', booked)).status).toBe(201);
    const shelf = move({ quantity: '3', toLocation: `${A}/Stock/Shelf 1` });
    const moves: unknown[] = [
      move({ quantity: '5' }), // 0 applied
      shelf, // 1 applied, same position as 0
      move({ productId: F, quantity: '1500', uom: 'g', toLocation: `${B}/Stock` }), // 2 applied
      booked, // 3 booked before by POST /stock/moves: duplicate
      { ...booked, quantity: '9' }, // 4 that moveId with other values
      shelf, // 5 twice in the batch: duplicate
      move({ quantity: 'ten' }), // 6 not a decimal
      move({ productId: `NOPE-${rid}` }), // 7 unknown product
      move({ toLocation: `${A}/Nowhere` }), // 8 unknown location
      move({ uom: 'kg' }), // 9 a UoM outside the product's category
      { ...move(), colour: 'red' }, // 10 a property the contract does not have
      42, // 11 not a move at all
      move({ fromLocation: `${A}/Stock`, toLocation: `${A}/Stock` }), // 12 same location
    ];
    const res = await batch(moves);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual([
      'applied', 'applied', 'applied', 'duplicate', 'refused', 'duplicate', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused',
    ]);
    expect(res.body).toMatchObject({ applied: 3, duplicate: 2, refused: 8 });
    expect(res.body.results.map((r) => r.index)).toEqual(moves.map((_, i) => i));
    const fields = (i: number) => [...new Set(res.body.results[i]?.errors?.map((e) => e.field))];
    expect(fields(4)).toEqual(['moveId']);
    expect(res.body.results[4]?.errors?.[0]?.reason).toContain('already booked for another move');
    expect(fields(6)).toEqual(['quantity']);
    expect(fields(7)).toEqual(['productId']);
    expect(fields(8)).toEqual(['toLocation']);
    expect(fields(9)).toEqual(['uom']);
    expect(fields(10)).toEqual(['colour']);
    expect(fields(11)).toEqual(['(body)']);
    expect(fields(12)).toEqual(['toLocation']);
    expect(res.body.results[11]?.moveId).toBeNull();
    expect(await onHand(P, A)).toBe('12'); // 4 before + 5 + 3
    expect(await onHand(F, B)).toBe('1.5');

    // One stock-position.changed per product@warehouse for the batch: P@A published once for moves 0 and 1.
    const atA = await settledPositions(P, A);
    expect(atA.map((p) => p.onHand)).toEqual(['4', '12', '13']);
    expect(atA.map((p) => p.sequence)).toEqual([1, 2, 3]);
    expect((await settledPositions(F, B)).map((p) => p.onHand)).toEqual(['1.5', '2.5']);
  });

  it('changes nothing when the same batch is sent again: every move applied before is a duplicate, the refused ones are refused again', async () => {
    const moves = [move({ quantity: '2', toLocation: `${B}/Stock` }), move({ quantity: '0' }), move({ productId: F, uom: 'kg', quantity: '0.25', toLocation: `${B}/Stock` })];
    const first = await batch(moves);
    expect(first.body).toMatchObject({ applied: 2, duplicate: 0, refused: 1 });
    const before = (await settledPositions(P, B)).at(-1)?.sequence ?? 0;
    const pBefore = await onHand(P, B);
    const fBefore = await onHand(F, B);
    const again = await batch(moves);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'refused', 'duplicate']);
    expect(again.body.results[1]?.errors?.map((e) => e.field)).toEqual(['quantity']);
    expect(await onHand(P, B)).toBe(pBefore);
    expect(await onHand(F, B)).toBe(fBefore);
    // The replay published no position: the next change of P@B is the very next sequence.
    expect((await settledPositions(P, B)).at(-1)?.sequence).toBe(before + 1);
  });

  it('refuses only the move that would take on hand past its bound, booking the others of the batch', async () => {
    const big = '600000000000000'; // two of them pass the 15 integer digits of a quantity (docs/semantics.md, "Numeric bounds")
    const moves = [move({ quantity: big, toLocation: `${C}/Stock` }), move({ quantity: big, toLocation: `${C}/Stock` }), move({ productId: F, uom: 'kg', quantity: '2', toLocation: `${C}/Stock` })];
    const res = await batch(moves);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'refused', 'applied']);
    expect(res.body.results[1]?.errors?.map((e) => e.field)).toEqual(['quantity']);
    expect(await onHand(P, C)).toBe(big);
    expect(await onHand(F, C)).toBe('2');
  });

  it(`takes 10,000 moves in one batch (a body over the service's 1 MB default) and refuses 10,001 with a 400 naming the limit`, async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => move({ toLocation: i % 2 ? `${A}/Stock/Shelf 1` : `${B}/Stock`, quantity: '1' }));
    const pA = Number(await onHand(P, A));
    const pB = Number(await onHand(P, B));
    const res = await batch(many);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 10_000, duplicate: 0, refused: 0 });
    expect(Number(await onHand(P, A))).toBe(pA + 5_000);
    expect(Number(await onHand(P, B))).toBe(pB + 5_000);

    const tooMany = await batch([...many, move()]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ errors: [{ field: 'moves', reason: expect.stringContaining('at most 10000 moves per batch, got 10001') }] });
    const empty = await batch([]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.field).toBe('moves');
  }, 60_000);
});
