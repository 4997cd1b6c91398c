// Where a recipient lives in time: the IANA time zone for quiet hours, from the customer's default address.
// Shared by the browser (the plan shows it) and the server: no server imports.
//
// Rule (README "Campaigns", docs/decisions/0008-campaign-plan.md):
//   1. countries spanning several zones where shops have many customers — US, CA, AU, BR, MX, RU — map the
//      province/state code (Shopify's `province_code`, ISO 3166-2 without the country prefix) to its zone
//      (the zone most of its population uses when a state is split);
//   2. any other country (or a province we do not list) → the country's main zone: the first zone the tz
//      database's zone.tab lists for that country (its most populous region), with the overrides noted below;
//   3. no country at all → the shop's time zone.
// Every zone name is checked against PostgreSQL's pg_timezone_names by a test, since SQL does the arithmetic.

/** Country → main zone. Generated from /usr/share/zoneinfo/zone.tab (tzdata 2025) taking each country's first
 * row, overridden where that row is not where most people live (CA Toronto, AU Sydney, BR São Paulo, RU Moscow,
 * ES Madrid, PT Lisbon, EC Guayaquil, CL Santiago, KZ Almaty, ID Jakarta, CD Kinshasa, UA Kyiv, NZ Auckland,
 * DE Berlin, MY Kuala Lumpur, CN Shanghai, CY Nicosia…). */
export const COUNTRY_ZONE: Readonly<Record<string, string>> = {
  AD: "Europe/Andorra", AE: "Asia/Dubai", AF: "Asia/Kabul", AG: "America/Antigua",
  AI: "America/Anguilla", AL: "Europe/Tirane", AM: "Asia/Yerevan", AO: "Africa/Luanda",
  AQ: "Antarctica/McMurdo", AR: "America/Argentina/Buenos_Aires", AS: "Pacific/Pago_Pago", AT: "Europe/Vienna",
  AU: "Australia/Sydney", AW: "America/Aruba", AX: "Europe/Mariehamn", AZ: "Asia/Baku",
  BA: "Europe/Sarajevo", BB: "America/Barbados", BD: "Asia/Dhaka", BE: "Europe/Brussels",
  BF: "Africa/Ouagadougou", BG: "Europe/Sofia", BH: "Asia/Bahrain", BI: "Africa/Bujumbura",
  BJ: "Africa/Porto-Novo", BL: "America/St_Barthelemy", BM: "Atlantic/Bermuda", BN: "Asia/Brunei",
  BO: "America/La_Paz", BQ: "America/Kralendijk", BR: "America/Sao_Paulo", BS: "America/Nassau",
  BT: "Asia/Thimphu", BW: "Africa/Gaborone", BY: "Europe/Minsk", BZ: "America/Belize",
  CA: "America/Toronto", CC: "Indian/Cocos", CD: "Africa/Kinshasa", CF: "Africa/Bangui",
  CG: "Africa/Brazzaville", CH: "Europe/Zurich", CI: "Africa/Abidjan", CK: "Pacific/Rarotonga",
  CL: "America/Santiago", CM: "Africa/Douala", CN: "Asia/Shanghai", CO: "America/Bogota",
  CR: "America/Costa_Rica", CU: "America/Havana", CV: "Atlantic/Cape_Verde", CW: "America/Curacao",
  CX: "Indian/Christmas", CY: "Asia/Nicosia", CZ: "Europe/Prague", DE: "Europe/Berlin",
  DJ: "Africa/Djibouti", DK: "Europe/Copenhagen", DM: "America/Dominica", DO: "America/Santo_Domingo",
  DZ: "Africa/Algiers", EC: "America/Guayaquil", EE: "Europe/Tallinn", EG: "Africa/Cairo",
  EH: "Africa/El_Aaiun", ER: "Africa/Asmara", ES: "Europe/Madrid", ET: "Africa/Addis_Ababa",
  FI: "Europe/Helsinki", FJ: "Pacific/Fiji", FK: "Atlantic/Stanley", FM: "Pacific/Pohnpei",
  FO: "Atlantic/Faroe", FR: "Europe/Paris", GA: "Africa/Libreville", GB: "Europe/London",
  GD: "America/Grenada", GE: "Asia/Tbilisi", GF: "America/Cayenne", GG: "Europe/Guernsey",
  GH: "Africa/Accra", GI: "Europe/Gibraltar", GL: "America/Nuuk", GM: "Africa/Banjul",
  GN: "Africa/Conakry", GP: "America/Guadeloupe", GQ: "Africa/Malabo", GR: "Europe/Athens",
  GS: "Atlantic/South_Georgia", GT: "America/Guatemala", GU: "Pacific/Guam", GW: "Africa/Bissau",
  GY: "America/Guyana", HK: "Asia/Hong_Kong", HN: "America/Tegucigalpa", HR: "Europe/Zagreb",
  HT: "America/Port-au-Prince", HU: "Europe/Budapest", ID: "Asia/Jakarta", IE: "Europe/Dublin",
  IL: "Asia/Jerusalem", IM: "Europe/Isle_of_Man", IN: "Asia/Kolkata", IO: "Indian/Chagos",
  IQ: "Asia/Baghdad", IR: "Asia/Tehran", IS: "Atlantic/Reykjavik", IT: "Europe/Rome",
  JE: "Europe/Jersey", JM: "America/Jamaica", JO: "Asia/Amman", JP: "Asia/Tokyo",
  KE: "Africa/Nairobi", KG: "Asia/Bishkek", KH: "Asia/Phnom_Penh", KI: "Pacific/Tarawa",
  KM: "Indian/Comoro", KN: "America/St_Kitts", KP: "Asia/Pyongyang", KR: "Asia/Seoul",
  KW: "Asia/Kuwait", KY: "America/Cayman", KZ: "Asia/Almaty", LA: "Asia/Vientiane",
  LB: "Asia/Beirut", LC: "America/St_Lucia", LI: "Europe/Vaduz", LK: "Asia/Colombo",
  LR: "Africa/Monrovia", LS: "Africa/Maseru", LT: "Europe/Vilnius", LU: "Europe/Luxembourg",
  LV: "Europe/Riga", LY: "Africa/Tripoli", MA: "Africa/Casablanca", MC: "Europe/Monaco",
  MD: "Europe/Chisinau", ME: "Europe/Podgorica", MF: "America/Marigot", MG: "Indian/Antananarivo",
  MH: "Pacific/Majuro", MK: "Europe/Skopje", ML: "Africa/Bamako", MM: "Asia/Yangon",
  MN: "Asia/Ulaanbaatar", MO: "Asia/Macau", MP: "Pacific/Saipan", MQ: "America/Martinique",
  MR: "Africa/Nouakchott", MS: "America/Montserrat", MT: "Europe/Malta", MU: "Indian/Mauritius",
  MV: "Indian/Maldives", MW: "Africa/Blantyre", MX: "America/Mexico_City", MY: "Asia/Kuala_Lumpur",
  MZ: "Africa/Maputo", NA: "Africa/Windhoek", NC: "Pacific/Noumea", NE: "Africa/Niamey",
  NF: "Pacific/Norfolk", NG: "Africa/Lagos", NI: "America/Managua", NL: "Europe/Amsterdam",
  NO: "Europe/Oslo", NP: "Asia/Kathmandu", NR: "Pacific/Nauru", NU: "Pacific/Niue",
  NZ: "Pacific/Auckland", OM: "Asia/Muscat", PA: "America/Panama", PE: "America/Lima",
  PF: "Pacific/Tahiti", PG: "Pacific/Port_Moresby", PH: "Asia/Manila", PK: "Asia/Karachi",
  PL: "Europe/Warsaw", PM: "America/Miquelon", PN: "Pacific/Pitcairn", PR: "America/Puerto_Rico",
  PS: "Asia/Gaza", PT: "Europe/Lisbon", PW: "Pacific/Palau", PY: "America/Asuncion",
  QA: "Asia/Qatar", RE: "Indian/Reunion", RO: "Europe/Bucharest", RS: "Europe/Belgrade",
  RU: "Europe/Moscow", RW: "Africa/Kigali", SA: "Asia/Riyadh", SB: "Pacific/Guadalcanal",
  SC: "Indian/Mahe", SD: "Africa/Khartoum", SE: "Europe/Stockholm", SG: "Asia/Singapore",
  SH: "Atlantic/St_Helena", SI: "Europe/Ljubljana", SJ: "Arctic/Longyearbyen", SK: "Europe/Bratislava",
  SL: "Africa/Freetown", SM: "Europe/San_Marino", SN: "Africa/Dakar", SO: "Africa/Mogadishu",
  SR: "America/Paramaribo", SS: "Africa/Juba", ST: "Africa/Sao_Tome", SV: "America/El_Salvador",
  SX: "America/Lower_Princes", SY: "Asia/Damascus", SZ: "Africa/Mbabane", TC: "America/Grand_Turk",
  TD: "Africa/Ndjamena", TF: "Indian/Kerguelen", TG: "Africa/Lome", TH: "Asia/Bangkok",
  TJ: "Asia/Dushanbe", TK: "Pacific/Fakaofo", TL: "Asia/Dili", TM: "Asia/Ashgabat",
  TN: "Africa/Tunis", TO: "Pacific/Tongatapu", TR: "Europe/Istanbul", TT: "America/Port_of_Spain",
  TV: "Pacific/Funafuti", TW: "Asia/Taipei", TZ: "Africa/Dar_es_Salaam", UA: "Europe/Kyiv",
  UG: "Africa/Kampala", UM: "Pacific/Midway", US: "America/New_York", UY: "America/Montevideo",
  UZ: "Asia/Tashkent", VA: "Europe/Vatican", VC: "America/St_Vincent", VE: "America/Caracas",
  VG: "America/Tortola", VI: "America/St_Thomas", VN: "Asia/Ho_Chi_Minh", VU: "Pacific/Efate",
  WF: "Pacific/Wallis", WS: "Pacific/Apia", YE: "Asia/Aden", YT: "Indian/Mayotte",
  ZA: "Africa/Johannesburg", ZM: "Africa/Lusaka", ZW: "Africa/Harare",
};

const US: Record<string, string> = {
  AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago", CA: "America/Los_Angeles",
  CO: "America/Denver", CT: "America/New_York", DE: "America/New_York", DC: "America/New_York", FL: "America/New_York",
  GA: "America/New_York", HI: "Pacific/Honolulu", ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis",
  IA: "America/Chicago", KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
  MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago", MS: "America/Chicago",
  MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago", NV: "America/Los_Angeles", NH: "America/New_York",
  NJ: "America/New_York", NM: "America/Denver", NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago",
  OH: "America/New_York", OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
  SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago", UT: "America/Denver",
  VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles", WV: "America/New_York", WI: "America/Chicago",
  WY: "America/Denver", PR: "America/Puerto_Rico", GU: "Pacific/Guam", VI: "America/St_Thomas", AS: "Pacific/Pago_Pago",
  MP: "Pacific/Saipan", AA: "America/New_York", AE: "Europe/Berlin", AP: "Pacific/Guam",
};

const CA: Record<string, string> = {
  AB: "America/Edmonton", BC: "America/Vancouver", MB: "America/Winnipeg", NB: "America/Moncton", NL: "America/St_Johns",
  NS: "America/Halifax", NT: "America/Edmonton", NU: "America/Iqaluit", ON: "America/Toronto", PE: "America/Halifax",
  QC: "America/Toronto", SK: "America/Regina", YT: "America/Whitehorse",
};

const AU: Record<string, string> = {
  ACT: "Australia/Sydney", NSW: "Australia/Sydney", NT: "Australia/Darwin", QLD: "Australia/Brisbane", SA: "Australia/Adelaide",
  TAS: "Australia/Hobart", VIC: "Australia/Melbourne", WA: "Australia/Perth",
};

const BR: Record<string, string> = {
  AC: "America/Rio_Branco", AL: "America/Maceio", AP: "America/Belem", AM: "America/Manaus", BA: "America/Bahia",
  CE: "America/Fortaleza", DF: "America/Sao_Paulo", ES: "America/Sao_Paulo", GO: "America/Sao_Paulo", MA: "America/Fortaleza",
  MT: "America/Cuiaba", MS: "America/Campo_Grande", MG: "America/Sao_Paulo", PA: "America/Belem", PB: "America/Fortaleza",
  PR: "America/Sao_Paulo", PE: "America/Recife", PI: "America/Fortaleza", RJ: "America/Sao_Paulo", RN: "America/Fortaleza",
  RS: "America/Sao_Paulo", RO: "America/Porto_Velho", RR: "America/Boa_Vista", SC: "America/Sao_Paulo", SP: "America/Sao_Paulo",
  SE: "America/Maceio", TO: "America/Araguaina",
};

/** Shopify's Mexican state codes (AGS, BC, … Q ROO) and their ISO forms. */
const MX: Record<string, string> = {
  BC: "America/Tijuana", BCS: "America/Mazatlan", SON: "America/Hermosillo", SIN: "America/Mazatlan", NAY: "America/Mazatlan",
  CHIH: "America/Chihuahua", CHH: "America/Chihuahua", "Q ROO": "America/Cancun", ROO: "America/Cancun", QR: "America/Cancun",
  NL: "America/Monterrey", NLE: "America/Monterrey", COAH: "America/Monterrey", COA: "America/Monterrey",
  TAMPS: "America/Matamoros", TAM: "America/Matamoros",
};

/** Russian federal subjects (ISO 3166-2:RU) outside Moscow time; every other subject is Moscow. */
const RU: Record<string, string> = {
  KGD: "Europe/Kaliningrad",
  SAM: "Europe/Samara", UD: "Europe/Samara", ULY: "Europe/Ulyanovsk", AST: "Europe/Astrakhan", SAR: "Europe/Saratov",
  BA: "Asia/Yekaterinburg", CHE: "Asia/Yekaterinburg", KGN: "Asia/Yekaterinburg", ORE: "Asia/Yekaterinburg", PER: "Asia/Yekaterinburg",
  SVE: "Asia/Yekaterinburg", TYU: "Asia/Yekaterinburg", KHM: "Asia/Yekaterinburg", YAN: "Asia/Yekaterinburg",
  OMS: "Asia/Omsk", NVS: "Asia/Novosibirsk", ALT: "Asia/Barnaul", AL: "Asia/Barnaul", TOM: "Asia/Tomsk", KEM: "Asia/Novokuznetsk",
  KYA: "Asia/Krasnoyarsk", KK: "Asia/Krasnoyarsk", TY: "Asia/Krasnoyarsk", IRK: "Asia/Irkutsk", BU: "Asia/Irkutsk",
  ZAB: "Asia/Chita", AMU: "Asia/Yakutsk", SA: "Asia/Yakutsk", PRI: "Asia/Vladivostok", KHA: "Asia/Vladivostok",
  YEV: "Asia/Vladivostok", MAG: "Asia/Magadan", SAK: "Asia/Sakhalin", KAM: "Asia/Kamchatka", CHU: "Asia/Anadyr",
};

export const PROVINCE_ZONE: Readonly<Record<string, Readonly<Record<string, string>>>> = { US, CA, AU, BR, MX, RU };

/** The zone for a customer's address (rule above); `fallback` is the shop's zone. */
export function zoneFor(country: string | null | undefined, province: string | null | undefined, fallback: string): string {
  const cc = (country ?? "").toUpperCase();
  if (!cc) return fallback;
  const byProvince = PROVINCE_ZONE[cc];
  const p = (province ?? "").toUpperCase().replace(/^[A-Z]{2}-/, "");
  return (byProvince && p && byProvince[p]) || COUNTRY_ZONE[cc] || fallback;
}

/** The same rule as rows for SQL (`unnest` of three arrays): province "" = the whole country. */
export function zoneRows(): { country: string[]; province: string[]; zone: string[] } {
  const country: string[] = [];
  const province: string[] = [];
  const zone: string[] = [];
  for (const [cc, z] of Object.entries(COUNTRY_ZONE)) {
    country.push(cc);
    province.push("");
    zone.push(z);
  }
  for (const [cc, table] of Object.entries(PROVINCE_ZONE)) {
    for (const [p, z] of Object.entries(table)) {
      country.push(cc);
      province.push(p);
      zone.push(z);
    }
  }
  return { country, province, zone };
}
