-- AlterEnum
ALTER TYPE "SegmentKind" ADD VALUE 'campaign_response';
