-- AlterEnum: the engagement segment kind (highly / moderately / not engaged / never messaged), docs/engagement.md
ALTER TYPE "SegmentKind" ADD VALUE 'engagement';
