CREATE SEQUENCE "public"."qualification_certificate_serial" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 5000001 CACHE 1;--> statement-breakpoint
CREATE TABLE "sandbox_qualification_records" (
	"certificate_no" text PRIMARY KEY NOT NULL,
	"id_number" text NOT NULL,
	"level" text NOT NULL,
	"obtained_at" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"exam_year" integer NOT NULL,
	"id_number" text NOT NULL,
	"id_number_index" text NOT NULL,
	"certificate_no" text NOT NULL,
	"certificate_index" text NOT NULL,
	"obtained_at" text NOT NULL,
	"import_id" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by" text
);
--> statement-breakpoint
CREATE INDEX "sandbox_qualification_records_person_idx" ON "sandbox_qualification_records" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_certificates_person_level_uq" ON "qualification_certificates" USING btree ("id_number_index","level");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_certificates_no_uq" ON "qualification_certificates" USING btree ("certificate_index");--> statement-breakpoint
CREATE INDEX "qualification_certificates_unrecorded_idx" ON "qualification_certificates" USING btree ("issued_at") WHERE "qualification_certificates"."recorded_at" is null;