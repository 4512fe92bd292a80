DROP INDEX "security_events_actor_staff_idx";--> statement-breakpoint
DROP INDEX "security_events_subject_staff_idx";--> statement-breakpoint
DROP INDEX "security_events_identifier_idx";--> statement-breakpoint
CREATE INDEX "security_events_actor_staff_idx" ON "security_events" USING btree ("actor_staff_id","at") WHERE "security_events"."actor_staff_id" is not null;--> statement-breakpoint
CREATE INDEX "security_events_subject_staff_idx" ON "security_events" USING btree ("subject_staff_id","at") WHERE "security_events"."subject_staff_id" is not null;--> statement-breakpoint
CREATE INDEX "security_events_identifier_idx" ON "security_events" USING btree ("identifier_index","at") WHERE "security_events"."identifier_index" is not null;