CREATE TABLE "sandbox_payments" (
	"order_no" text PRIMARY KEY NOT NULL,
	"trade_no" text NOT NULL,
	"amount" text NOT NULL,
	"subject" text NOT NULL,
	"notify_url" text NOT NULL,
	"return_url" text NOT NULL,
	"status" text NOT NULL,
	"paid_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"notifications" integer DEFAULT 0 NOT NULL,
	"last_notification" jsonb,
	"refunds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outage" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"province_id" text NOT NULL,
	"amount" text NOT NULL,
	"subject" text NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"trade_no" text,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text
);
--> statement-breakpoint
CREATE TABLE "payment_notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_no" text,
	"verified" boolean NOT NULL,
	"outcome" text NOT NULL,
	"params" jsonb NOT NULL,
	"ip" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"trade_no" text NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"province_id" text NOT NULL,
	"amount" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "enrollments_exam_account_uq";--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "printed_documents" ADD COLUMN "ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_no_uq" ON "orders" USING btree ("order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_enrollment_open_uq" ON "orders" USING btree ("enrollment_id") WHERE "orders"."status" = 'open';--> statement-breakpoint
CREATE INDEX "orders_enrollment_idx" ON "orders" USING btree ("enrollment_id");--> statement-breakpoint
CREATE INDEX "orders_exam_province_idx" ON "orders" USING btree ("exam_id","province_id");--> statement-breakpoint
CREATE INDEX "orders_open_idx" ON "orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payment_notifications_order_idx" ON "payment_notifications" USING btree ("order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_trade_uq" ON "refunds" USING btree ("order_no","trade_no");--> statement-breakpoint
CREATE INDEX "refunds_exam_province_idx" ON "refunds" USING btree ("exam_id","province_id");--> statement-breakpoint
CREATE INDEX "refunds_enrollment_idx" ON "refunds" USING btree ("enrollment_id");--> statement-breakpoint
CREATE INDEX "enrollments_exam_province_idx" ON "enrollments" USING btree ("exam_id","province_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_exam_account_uq" ON "enrollments" USING btree ("exam_id","account_id") WHERE "enrollments"."status" <> 'cancelled';