/** Inventory's SQL runs as prepared statements (planned once per connection; decision messaging-005). */
export { preparedRows as sql } from '@replenish/messaging';
