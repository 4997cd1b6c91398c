-- AlterTable
ALTER TABLE "segments" ADD COLUMN     "refresh_requested_at" TIMESTAMPTZ(3);

