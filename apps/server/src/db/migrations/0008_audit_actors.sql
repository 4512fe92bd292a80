ALTER TABLE "security_events" ADD COLUMN "actor_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "actor_username" text;--> statement-breakpoint
ALTER TABLE "security_events" ADD COLUMN "subject_staff_id" uuid;--> statement-breakpoint
CREATE INDEX "security_events_actor_staff_idx" ON "security_events" USING btree ("actor_staff_id","at");--> statement-breakpoint
CREATE INDEX "security_events_subject_staff_idx" ON "security_events" USING btree ("subject_staff_id","at");