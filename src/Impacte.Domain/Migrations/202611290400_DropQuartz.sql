-- Hangfire replaces Quartz.NET. An admin's "run now" is Hangfire's trigger, so job_requests goes. The qrtz_* tables
-- were created by Quartz itself (not by a migration, and which of them depends on Quartz's version and options), so
-- every table of that name goes. Hangfire keeps its own tables in the "hangfire" schema, which Hangfire.PostgreSql
-- creates and upgrades itself.
DROP TABLE IF EXISTS job_requests;

DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'qrtz\_%' LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t);
    END LOOP;
END $$;
