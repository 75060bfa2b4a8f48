/** Inventory's SQL runs as prepared statements (planned once per connection; decision messaging-006). */
export { preparedRows as sql } from '@replenish/messaging';
