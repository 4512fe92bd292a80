CREATE TABLE "exam_provinces" (
	"exam_id" uuid NOT NULL,
	"province_id" text NOT NULL,
	"signup_start" timestamp with time zone NOT NULL,
	"signup_end" timestamp with time zone NOT NULL,
	"pay_start" timestamp with time zone NOT NULL,
	"pay_end" timestamp with time zone NOT NULL,
	"phone" text NOT NULL,
	"notice_url" text NOT NULL,
	"reading_notice" text NOT NULL,
	"announcements" jsonb NOT NULL,
	"sites" jsonb NOT NULL,
	"fees" jsonb NOT NULL,
	"review_mode" text NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_provinces_exam_id_province_id_pk" PRIMARY KEY("exam_id","province_id")
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"exam_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"province_id" text NOT NULL,
	"site_authority_id" text NOT NULL,
	"category" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"photo_file_id" uuid NOT NULL,
	"proofs" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"eligibility" jsonb NOT NULL,
	"status" text NOT NULL,
	"review_item_id" uuid,
	"opinion" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "exam_provinces_province_idx" ON "exam_provinces" USING btree ("province_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exams_year_level_uq" ON "exams" USING btree ("year","level");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_exam_account_uq" ON "enrollments" USING btree ("exam_id","account_id");--> statement-breakpoint
CREATE INDEX "enrollments_account_idx" ON "enrollments" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "enrollments_review_item_idx" ON "enrollments" USING btree ("review_item_id");