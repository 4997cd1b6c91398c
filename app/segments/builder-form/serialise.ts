// Parameters → form: a saved segment turned back into what the builder edits (minor units to "25.00", shares to
// percents, picks with the names resolved on the server).
import { minorToDecimal } from "../../lib/money";
import type { SegmentKind, SegmentParamsByKind } from "../definitions";
import type { BuilderForm, BuilderForms, Pick, Place } from "./types";

const trimNumber = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Parameters → form. Picks need names: pass `picks` resolved on the server (see catalog.server.ts), keyed by
 * selector ("a", "b", "products"); location places default to their codes.
 */
export function paramsToForm<K extends SegmentKind>(
  kind: K,
  params: SegmentParamsByKind[K],
  exponent: number,
  named: { picks?: Record<string, Pick[]>; places?: Place[] } = {},
): BuilderForms[K] {
  const amount = (minor: string | null) => (minor === null ? "" : minorToDecimal(BigInt(minor), exponent));
  const days = (d: number | null) => (d === null ? "" : String(d));
  const p = params as SegmentParamsByKind[SegmentKind];
  let form: BuilderForm;
  switch (kind) {
    case "cross_sell": {
      const x = p as SegmentParamsByKind["cross_sell"];
      form = { a: named.picks?.a ?? [], b: named.picks?.b ?? [], withinDays: days(x.withinDays) };
      break;
    }
    case "product_specific": {
      const x = p as SegmentParamsByKind["product_specific"];
      form = {
        products: named.picks?.products ?? [],
        minTimes: String(x.minTimes),
        countBy: x.countBy,
        withinDays: days(x.withinDays),
      };
      break;
    }
    case "sale_shopper": {
      const x = p as SegmentParamsByKind["sale_shopper"];
      form = {
        minSharePercent: trimNumber(x.minShare * 100),
        minOrders: String(x.minOrders),
        discountCodes: x.discountCodes,
        automaticDiscounts: x.automaticDiscounts,
        markdowns: x.markdowns,
      };
      break;
    }
    case "former_vip": {
      const x = p as SegmentParamsByKind["former_vip"];
      form = {
        rankBy: x.rankBy,
        topPercent: String(x.topPercent),
        minSpend: amount(x.minSpendMinor),
        qualifyingDays: days(x.qualifyingDays),
        lapsedDays: String(x.lapsedDays),
      };
      break;
    }
    case "aov_tier": {
      const x = p as SegmentParamsByKind["aov_tier"];
      form = {
        mode: x.mode,
        band: x.band,
        allBands: false,
        lowerCut: trimNumber(x.cutPercentiles[0]),
        upperCut: trimNumber(x.cutPercentiles[1]),
        minAov: amount(x.minMinor),
        maxAov: amount(x.maxMinor),
        minOrders: String(x.minOrders),
      };
      break;
    }
    case "rfm":
      form = { cells: [...(p as SegmentParamsByKind["rfm"]).cells] };
      break;
    case "location": {
      const x = p as SegmentParamsByKind["location"];
      form = {
        places: named.places ?? [
          ...x.countryCodes.map((v) => ({ type: "country" as const, value: v, label: v })),
          ...x.provinceCodes.map((v) => ({ type: "province" as const, value: v, label: v })),
          ...x.cities.map((v) => ({ type: "city" as const, value: v, label: v })),
        ],
      };
      break;
    }
    case "sample": {
      const x = p as SegmentParamsByKind["sample"];
      form = { segmentId: String(x.segmentId), percent: String(x.percent), seed: x.seed };
      break;
    }
    case "campaign_response": {
      const x = p as SegmentParamsByKind["campaign_response"];
      form = {
        campaignId: x.campaignId === null ? "" : String(x.campaignId),
        withinDays: String(x.withinDays),
        didNot: x.didNot,
      };
      break;
    }
    case "engagement": {
      const x = p as SegmentParamsByKind["engagement"];
      form = {
        tiers: [...x.tiers],
        windowDays: String(x.windowDays),
        highMinReplies: String(x.highMinReplies),
        highMinClicks: String(x.highMinClicks),
        highMinReadPercent: String(x.highMinReadPercent),
        highMinReached: String(x.highMinReached),
        moderateMinReads: String(x.moderateMinReads),
      };
      break;
    }
    default: {
      const x = p as SegmentParamsByKind["combination"];
      form = { op: x.op, segmentIds: x.segmentIds.map(String), exclude: x.exclude.map(String) };
    }
  }
  return form as BuilderForms[K];
}
