#!/usr/bin/env bash
# docker-compose mounts this directory as the postgres image's /docker-entrypoint-initdb.d: on the first start of an
# empty volume the image runs roles.sql, then this script (alphabetical order), which gives each service's role the
# password docker-compose passes in <ROLE>_DB_PASSWORD, the one in that service's DATABASE_URL.
set -eo pipefail
roles=(sales_orders inventory planning)
for role in "${roles[@]}"; do
  variable="${role^^}_DB_PASSWORD"
  : "${!variable:?set $variable, the password of the $role role}"
done
for role in "${roles[@]}"; do
  variable="${role^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --quiet -v role="$role" -v password="${!variable}" <<'SQL'
ALTER ROLE :"role" PASSWORD :'password';
SQL
done
