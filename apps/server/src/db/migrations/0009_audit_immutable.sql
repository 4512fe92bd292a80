-- The audit trail is append-only (docs/decisions/0007-audit-trail.md). Hand-written: Drizzle does not
-- describe triggers.

-- Staff console events written before the actor and subject columns: the staff id was in the detail.
-- They are filled in before the trigger below makes every row unchangeable.
UPDATE "security_events"
SET "subject_staff_id" = ("detail"->>'staffId')::uuid
WHERE "subject_staff_id" IS NULL
  AND "detail"->>'staffId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';--> statement-breakpoint
UPDATE "security_events" AS e
SET "actor_staff_id" = s."id", "actor_username" = s."username"
FROM "staff" AS s
WHERE s."id" = e."subject_staff_id" AND e."actor_staff_id" IS NULL AND e."kind" IN ('login_success', 'logout');--> statement-breakpoint

-- No UPDATE ever; a DELETE only of a row older than the retention period (never under 183 days, by the
-- database's clock) and only in a transaction that said it is the purge (AuditLog.purgeExpired sets
-- ausm.audit_purge_days locally). Any other UPDATE or DELETE raises, and its whole statement fails.
CREATE OR REPLACE FUNCTION "security_events_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  purge_days integer;
BEGIN
  IF TG_OP = 'DELETE' THEN
    BEGIN
      purge_days := nullif(current_setting('ausm.audit_purge_days', true), '')::integer;
    EXCEPTION WHEN others THEN
      purge_days := NULL;
    END;
    IF purge_days IS NOT NULL AND OLD."at" < now() - make_interval(days => greatest(purge_days, 183)) THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'security_events is append-only: a row is deleted only by the retention purge, once older than its retention period'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'security_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "security_events_append_only"
  BEFORE UPDATE OR DELETE ON "security_events"
  FOR EACH ROW EXECUTE FUNCTION "security_events_guard"();--> statement-breakpoint
-- TRUNCATE fires no row trigger: refused on its own.
CREATE TRIGGER "security_events_no_truncate"
  BEFORE TRUNCATE ON "security_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "security_events_guard"();
