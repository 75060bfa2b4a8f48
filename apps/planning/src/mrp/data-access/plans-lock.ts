/**
 * The one lock of MRP's stored plans (decision planning-021), as SQL calls: taken last in a transaction (after any
 * rule or draft key), so that writers of plans (net changes in consumer batches, a run's chunks, firming) never wait
 * on each other in a cycle. A run's chunks, which write disjoint product-sites, take it shared, so that two of them
 * write at once; a net change takes it exclusive (in its reach statement, MrpInputsRepository.reachAndLock).
 */
export const PLANS_LOCK = {
  exclusive: `pg_advisory_xact_lock(hashtext('planning:mrp-plans'))`,
  shared: `pg_advisory_xact_lock_shared(hashtext('planning:mrp-plans'))`,
} as const;
