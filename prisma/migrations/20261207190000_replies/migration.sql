-- AlterTable
ALTER TABLE "recipients" ADD COLUMN     "replied_at" TIMESTAMPTZ(3);
