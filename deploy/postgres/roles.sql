-- One PostgreSQL role per service (sales_orders, inventory, planning), each owning its service's schema: a role
-- cannot read another service's tables (no USAGE on the other schemas), nor create databases or roles.
-- Run as a superuser in the application's database (replenish); safe to run again. Roles are cluster-wide; the
-- schemas and grants belong to the database it runs in. Passwords are set apart (set-role-passwords.sh, or
-- ALTER ROLE ... PASSWORD by hand): nothing secret in this file.
-- CREATE on the database: the migrations begin with CREATE SCHEMA IF NOT EXISTS, which PostgreSQL checks against
-- that privilege even when the schema exists. A role could create a schema of its own with it, never enter another.
DO $$
DECLARE
  service text;
BEGIN
  FOREACH service IN ARRAY ARRAY['sales_orders', 'inventory', 'planning'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
      EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', service);
    END IF;
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', service, service);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', service, service);
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', current_database(), service);
  END LOOP;
END
$$;
