// Fixed vocabulary for the demo store: where customers live (with real province codes and phone ranges that
// libphonenumber-js recognises), what they are called, and what the shop sells.
import type { Random } from "./random";

export interface Region {
  provinceCode: string | null;
  province: string | null;
  city: string;
  /** area code (US, MX, BR) or the leading digits of this city's landlines, without trunk prefix */
  area: string;
}

export interface CountryProfile {
  code: string;
  /** share of customers */
  weight: number;
  currency: string;
  locale: string;
  callingCode: string;
  /** national trunk prefix written before the number in national format */
  trunk: string;
  names: NameSet;
  regions: Region[];
  /** national significant number of a mobile phone */
  mobile(r: Random, region: Region): string;
  /** national significant number of a fixed line; null where fixed and mobile ranges cannot be told apart */
  landline(r: Random, region: Region): string | null;
}

interface NameSet {
  first: readonly string[];
  last: readonly string[];
}

const ENGLISH: NameSet = {
  first: [
    "James",
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Oliver",
    "Sophia",
    "Elijah",
    "Isabella",
    "Lucas",
    "Mia",
    "Amelia",
    "Harper",
    "Ethan",
    "Charlotte",
    "Jack",
    "Grace",
    "Henry",
    "Chloe",
    "Daniel",
    "Ruby",
    "Samuel",
    "Zoe",
  ],
  last: [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Taylor",
    "Davies",
    "Wilson",
    "Evans",
    "Thomas",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Clarke",
    "Lewis",
    "Harris",
    "Martin",
    "O'Brien",
    "Nguyen",
  ],
};
const GERMAN: NameSet = {
  first: [
    "Lukas",
    "Leon",
    "Finn",
    "Paul",
    "Jonas",
    "Mia",
    "Emilia",
    "Hannah",
    "Lena",
    "Sophie",
    "Anna",
    "Felix",
    "Maximilian",
    "Marie",
    "Laura",
    "Jürgen",
  ],
  last: [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
  ],
};
const FRENCH: NameSet = {
  first: [
    "Gabriel",
    "Léo",
    "Raphaël",
    "Louis",
    "Jules",
    "Emma",
    "Jade",
    "Louise",
    "Alice",
    "Chloé",
    "Lina",
    "Léa",
    "Manon",
    "Hugo",
    "Arthur",
  ],
  last: [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Girard",
  ],
};
const INDIAN: NameSet = {
  first: [
    "Aarav",
    "Vivaan",
    "Aditya",
    "Arjun",
    "Sai",
    "Ananya",
    "Diya",
    "Isha",
    "Priya",
    "Saanvi",
    "Rohan",
    "Kavya",
    "Neha",
    "Rahul",
    "Vikram",
  ],
  last: [
    "Sharma",
    "Verma",
    "Gupta",
    "Patel",
    "Singh",
    "Kumar",
    "Reddy",
    "Iyer",
    "Nair",
    "Mehta",
    "Joshi",
    "Rao",
    "Das",
    "Kapoor",
  ],
};
const PORTUGUESE: NameSet = {
  first: [
    "Miguel",
    "Arthur",
    "Heitor",
    "Davi",
    "Gabriel",
    "Helena",
    "Alice",
    "Laura",
    "Valentina",
    "Sophia",
    "Beatriz",
    "Lucas",
    "Mariana",
    "João",
    "Ana",
  ],
  last: [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
  ],
};
const SPANISH: NameSet = {
  first: [
    "Hugo",
    "Martín",
    "Lucas",
    "Mateo",
    "Leo",
    "Lucía",
    "Sofía",
    "Martina",
    "María",
    "Julia",
    "Paula",
    "Valeria",
    "Diego",
    "Sergio",
    "Carmen",
    "José",
  ],
  last: [
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
  ],
};
const GULF: NameSet = {
  first: [
    "Mohammed",
    "Ahmed",
    "Omar",
    "Ali",
    "Yousef",
    "Fatima",
    "Aisha",
    "Mariam",
    "Noor",
    "Sara",
    "Khalid",
    "Layla",
    "Hamdan",
    "Rashid",
    "Priya",
    "Arjun",
  ],
  last: [
    "Al Mansouri",
    "Al Nuaimi",
    "Al Hashimi",
    "Al Suwaidi",
    "Khan",
    "Al Falasi",
    "Al Shamsi",
    "Haddad",
    "Nasser",
    "Al Marri",
    "Menon",
    "Pillai",
  ],
};

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: "US",
    weight: 40,
    currency: "USD",
    locale: "en-US",
    callingCode: "1",
    trunk: "",
    names: ENGLISH,
    regions: [
      { provinceCode: "NY", province: "New York", city: "New York", area: "212" },
      { provinceCode: "NY", province: "New York", city: "Brooklyn", area: "718" },
      { provinceCode: "CA", province: "California", city: "Los Angeles", area: "310" },
      { provinceCode: "CA", province: "California", city: "San Francisco", area: "415" },
      { provinceCode: "TX", province: "Texas", city: "Austin", area: "512" },
      { provinceCode: "TX", province: "Texas", city: "Houston", area: "832" },
      { provinceCode: "FL", province: "Florida", city: "Miami", area: "786" },
      { provinceCode: "IL", province: "Illinois", city: "Chicago", area: "312" },
      { provinceCode: "WA", province: "Washington", city: "Seattle", area: "206" },
    ],
    mobile: (r, region) => region.area + r.int(2, 9) + r.int(2, 9) + r.digits(1) + r.digits(4),
    landline: () => null,
  },
  {
    code: "GB",
    weight: 14,
    currency: "GBP",
    locale: "en-GB",
    callingCode: "44",
    trunk: "0",
    names: ENGLISH,
    regions: [
      { provinceCode: null, province: null, city: "London", area: "207" },
      { provinceCode: null, province: null, city: "Manchester", area: "1614" },
      { provinceCode: null, province: null, city: "Birmingham", area: "1214" },
      { provinceCode: null, province: null, city: "Leeds", area: "1132" },
      { provinceCode: null, province: null, city: "Glasgow", area: "1413" },
      { provinceCode: null, province: null, city: "Bristol", area: "1179" },
    ],
    mobile: (r) => "7" + r.pick(["4", "5", "7", "8", "9"]) + r.digits(8),
    landline: (r, region) => region.area + r.digits(10 - region.area.length),
  },
  {
    code: "DE",
    weight: 8,
    currency: "EUR",
    locale: "de",
    callingCode: "49",
    trunk: "0",
    names: GERMAN,
    regions: [
      { provinceCode: null, province: null, city: "Berlin", area: "30" },
      { provinceCode: null, province: null, city: "Hamburg", area: "40" },
      { provinceCode: null, province: null, city: "München", area: "89" },
      { provinceCode: null, province: null, city: "Köln", area: "221" },
    ],
    mobile: (r) =>
      r.pick(["151", "152", "157", "170", "171", "172", "173", "175", "176", "177", "178", "179"]) + r.digits(8),
    landline: (r, region) => region.area + r.int(2, 9) + r.digits(6),
  },
  {
    code: "FR",
    weight: 7,
    currency: "EUR",
    locale: "fr",
    callingCode: "33",
    trunk: "0",
    names: FRENCH,
    regions: [
      { provinceCode: null, province: null, city: "Paris", area: "14" },
      { provinceCode: null, province: null, city: "Lyon", area: "47" },
      { provinceCode: null, province: null, city: "Marseille", area: "49" },
      { provinceCode: null, province: null, city: "Bordeaux", area: "56" },
    ],
    // 069x and 063x belong to the overseas departments, which libphonenumber files under their own regions.
    mobile: (r) => r.pick(["60", "61", "62", "64", "65", "66", "67", "68", "73", "75", "76", "77", "78"]) + r.digits(7),
    landline: (r, region) => region.area + r.digits(7),
  },
  {
    code: "IN",
    weight: 7,
    currency: "INR",
    locale: "en-IN",
    callingCode: "91",
    trunk: "0",
    names: INDIAN,
    regions: [
      { provinceCode: "MH", province: "Maharashtra", city: "Mumbai", area: "222" },
      { provinceCode: "DL", province: "Delhi", city: "New Delhi", area: "112" },
      { provinceCode: "KA", province: "Karnataka", city: "Bengaluru", area: "802" },
      { provinceCode: "TN", province: "Tamil Nadu", city: "Chennai", area: "442" },
    ],
    // Ranges that are unambiguously mobile (some 6x/7x/8x blocks are shared with fixed lines).
    mobile: (r) => r.pick(["98", "97", "99", "94", "90", "70"]) + r.digits(8),
    landline: (r, region) => region.area + r.digits(7),
  },
  {
    code: "BR",
    weight: 6,
    currency: "BRL",
    locale: "pt-BR",
    callingCode: "55",
    trunk: "",
    names: PORTUGUESE,
    regions: [
      { provinceCode: "SP", province: "São Paulo", city: "São Paulo", area: "11" },
      { provinceCode: "RJ", province: "Rio de Janeiro", city: "Rio de Janeiro", area: "21" },
      { provinceCode: "MG", province: "Minas Gerais", city: "Belo Horizonte", area: "31" },
    ],
    mobile: (r, region) => region.area + "9" + r.int(6, 9) + r.digits(7),
    landline: (r, region) => region.area + r.pick(["3", "4"]) + r.digits(7),
  },
  {
    code: "ES",
    weight: 5,
    currency: "EUR",
    locale: "es",
    callingCode: "34",
    trunk: "",
    names: SPANISH,
    regions: [
      { provinceCode: "M", province: "Madrid", city: "Madrid", area: "91" },
      { provinceCode: "B", province: "Barcelona", city: "Barcelona", area: "93" },
      { provinceCode: "V", province: "Valencia", city: "Valencia", area: "96" },
    ],
    mobile: (r) => "6" + r.digits(8),
    landline: (r, region) => region.area + r.int(2, 8) + r.digits(6),
  },
  {
    code: "AU",
    weight: 5,
    currency: "AUD",
    locale: "en-AU",
    callingCode: "61",
    trunk: "0",
    names: ENGLISH,
    regions: [
      { provinceCode: "NSW", province: "New South Wales", city: "Sydney", area: "29" },
      { provinceCode: "VIC", province: "Victoria", city: "Melbourne", area: "39" },
      { provinceCode: "QLD", province: "Queensland", city: "Brisbane", area: "73" },
      { provinceCode: "WA", province: "Western Australia", city: "Perth", area: "89" },
    ],
    mobile: (r) => "4" + r.pick(["0", "1", "2", "3", "6"]) + r.digits(7),
    landline: (r, region) => region.area + r.digits(7),
  },
  {
    code: "MX",
    weight: 4,
    currency: "MXN",
    locale: "es-MX",
    callingCode: "52",
    trunk: "",
    names: SPANISH,
    regions: [
      { provinceCode: "CMX", province: "Ciudad de México", city: "Ciudad de México", area: "55" },
      { provinceCode: "JAL", province: "Jalisco", city: "Guadalajara", area: "33" },
      { provinceCode: "NL", province: "Nuevo León", city: "Monterrey", area: "81" },
    ],
    mobile: (r, region) => region.area + r.int(1, 9) + r.digits(7),
    landline: () => null,
  },
  {
    code: "AE",
    weight: 4,
    currency: "AED",
    locale: "en",
    callingCode: "971",
    trunk: "0",
    names: GULF,
    regions: [
      { provinceCode: "DU", province: "Dubai", city: "Dubai", area: "4" },
      { provinceCode: "AZ", province: "Abu Dhabi", city: "Abu Dhabi", area: "2" },
      { provinceCode: "SH", province: "Sharjah", city: "Sharjah", area: "6" },
    ],
    mobile: (r) => "5" + r.pick(["0", "2", "4", "5", "6", "8"]) + r.digits(7),
    landline: (r, region) => region.area + r.int(2, 8) + r.digits(6),
  },
];

/** Things people type into a phone field that are not phone numbers. */
export const GARBAGE_PHONES = ["n/a", "none", "123456", "0000000000", "-", "call me", "+1 555", "tbd", "12"];

/** How a real customer might have typed their number. */
export function formatPhone(r: Random, country: CountryProfile, nsn: string): string {
  const style = r.weighted([
    ["e164", 45],
    ["international", 25],
    ["national", 25],
    ["double-zero", 5],
  ] as const);
  const cc = country.callingCode;
  switch (style) {
    case "e164":
      return `+${cc}${nsn}`;
    case "international":
      return `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`;
    case "double-zero":
      return country.code === "US" ? `+${cc}${nsn}` : `00${cc}${nsn}`;
    case "national":
      if (country.code === "US") return `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`;
      return `${country.trunk}${nsn.slice(0, 4)} ${nsn.slice(4)}`;
  }
}

export interface Theme {
  name: string;
  productTypes: readonly string[];
  nouns: readonly string[];
  /** the product type of each noun (index into productTypes): a decaf blend is coffee beans, never a mug */
  nounTypes: readonly number[];
  vendors: readonly string[];
  tags: readonly string[];
  /** base price range in minor units */
  price: readonly [number, number];
  options: readonly string[];
}

export const THEMES: readonly Theme[] = [
  {
    name: "Coffee",
    productTypes: ["Coffee Beans", "Brewing Equipment", "Mugs"],
    nouns: [
      "Espresso Blend",
      "Single Origin Beans",
      "Pour-Over Kettle",
      "Burr Grinder",
      "Paper Filters",
      "Ceramic Mug",
      "Cold Brew Jar",
      "Milk Frother",
      "Decaf Blend",
      "Travel Tumbler",
    ],
    nounTypes: [0, 0, 1, 1, 1, 2, 1, 1, 0, 2],
    vendors: ["Northbound Roasters", "Kettle & Co"],
    tags: ["coffee", "kitchen"],
    price: [900, 14900],
    options: ["250g", "500g", "1kg"],
  },
  {
    name: "Yoga",
    productTypes: ["Yoga Gear", "Activewear"],
    nouns: [
      "Yoga Mat",
      "Cork Block",
      "Resistance Bands",
      "Water Bottle",
      "Leggings",
      "Sports Bra",
      "Foam Roller",
      "Yoga Strap",
      "Meditation Cushion",
    ],
    nounTypes: [0, 0, 0, 0, 1, 1, 0, 0, 0],
    vendors: ["Lotus Move", "Stretch Studio"],
    tags: ["fitness", "wellness"],
    price: [1500, 11900],
    options: ["XS", "S", "M", "L", "XL"],
  },
  {
    name: "Skincare",
    productTypes: ["Skincare"],
    nouns: [
      "Gentle Cleanser",
      "Hydrating Toner",
      "Vitamin C Serum",
      "Daily Moisturizer",
      "SPF 50 Sunscreen",
      "Eye Cream",
      "Clay Face Mask",
      "Lip Balm",
      "Night Cream",
    ],
    nounTypes: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    vendors: ["Dewdrop Botanics", "Clear Theory"],
    tags: ["beauty", "vegan"],
    price: [800, 7900],
    options: ["30ml", "50ml", "100ml"],
  },
  {
    name: "Kitchen",
    productTypes: ["Cookware", "Pantry"],
    nouns: [
      "Chef Knife",
      "Cutting Board",
      "Cast Iron Skillet",
      "Spice Set",
      "Linen Apron",
      "Olive Oil",
      "Salt Cellar",
      "Dutch Oven",
      "Wooden Spoon Set",
    ],
    nounTypes: [0, 0, 0, 1, 0, 1, 0, 0, 0],
    vendors: ["Hearth & Hand", "Salt Road"],
    tags: ["kitchen", "gift"],
    price: [1200, 24900],
    options: ["Black", "Natural", "Sage"],
  },
  {
    name: "Outdoor",
    productTypes: ["Outdoor Gear", "Outerwear"],
    nouns: [
      "Hiking Backpack",
      "Trail Socks",
      "Insulated Flask",
      "Rain Jacket",
      "Headlamp",
      "Camping Mug",
      "Fleece",
      "Sun Hat",
      "Trekking Poles",
    ],
    nounTypes: [0, 1, 0, 1, 0, 0, 1, 1, 0],
    vendors: ["Ridgeline", "Alder Supply"],
    tags: ["outdoor", "adventure"],
    price: [1500, 29900],
    options: ["S", "M", "L", "XL"],
  },
  {
    name: "Home",
    productTypes: ["Home Decor", "Candles"],
    nouns: [
      "Scented Candle",
      "Linen Throw",
      "Cushion Cover",
      "Reed Diffuser",
      "Essential Oil Set",
      "Ceramic Vase",
      "Table Runner",
      "Wall Print",
    ],
    nounTypes: [1, 0, 0, 0, 0, 0, 0, 0],
    vendors: ["Quiet Home", "Wick & Wax"],
    tags: ["home", "gift"],
    price: [1000, 12900],
    options: ["Sand", "Navy", "Terracotta", "Ivory"],
  },
  {
    name: "Pets",
    productTypes: ["Pet Supplies"],
    nouns: [
      "Dog Treats",
      "Rope Leash",
      "Chew Toy",
      "Pet Bed",
      "Cat Scratcher",
      "Grooming Brush",
      "Travel Bowl",
      "Cat Treats",
    ],
    nounTypes: [0, 0, 0, 0, 0, 0, 0, 0],
    vendors: ["Good Boy Goods", "Whisker Lane"],
    tags: ["pets"],
    price: [600, 8900],
    options: ["Small", "Medium", "Large"],
  },
  {
    name: "Kids",
    productTypes: ["Toys", "Books"],
    nouns: [
      "Wooden Puzzle",
      "Plush Bear",
      "Picture Book",
      "Beeswax Crayons",
      "Play Mat",
      "Stacking Rings",
      "Bath Toys",
    ],
    nounTypes: [0, 0, 1, 0, 0, 0, 0],
    vendors: ["Little Acorn", "Tiny Pages"],
    tags: ["kids", "gift"],
    price: [700, 6900],
    options: ["Default"],
  },
  {
    name: "Tea",
    productTypes: ["Tea", "Tea Accessories"],
    nouns: [
      "Matcha Powder",
      "Sencha Green Tea",
      "Tea Infuser",
      "Glass Teapot",
      "Chai Blend",
      "Wildflower Honey",
      "Earl Grey",
      "Chamomile",
    ],
    nounTypes: [0, 0, 1, 1, 0, 1, 0, 0],
    vendors: ["Leaf & Steam"],
    tags: ["tea", "wellness"],
    price: [700, 7900],
    options: ["50g", "100g", "250g"],
  },
  {
    name: "Basics",
    productTypes: ["Apparel", "Accessories"],
    nouns: ["Crew Tee", "Hoodie", "Beanie", "Socks 3-Pack", "Canvas Tote", "Baseball Cap", "Sweatpants"],
    nounTypes: [0, 0, 1, 0, 1, 1, 0],
    vendors: ["Common Thread"],
    tags: ["apparel"],
    price: [1200, 8900],
    options: ["S", "M", "L", "XL"],
  },
];

export const ADJECTIVES = [
  "Classic",
  "Organic",
  "Everyday",
  "Premium",
  "Mini",
  "Deluxe",
  "Signature",
  "Eco",
  "Travel",
  "Limited Edition",
  "Studio",
  "Heritage",
];

export const STORE_COLLECTIONS = ["Sale", "New Arrivals", "Best Sellers", "Gifts Under $50"] as const;

export const DISCOUNT_CODES: readonly { code: string; percent: number; freeShipping?: boolean }[] = [
  { code: "WELCOME10", percent: 10 },
  { code: "SPRING15", percent: 15 },
  { code: "SUMMER20", percent: 20 },
  { code: "VIP20", percent: 20 },
  { code: "FREESHIP", percent: 0, freeShipping: true },
  { code: "INFLUENCER25", percent: 25 },
];

export const UTM_SOURCES: readonly { source: string; medium: string }[] = [
  { source: "instagram", medium: "social" },
  { source: "facebook", medium: "paid_social" },
  { source: "google", medium: "cpc" },
  { source: "newsletter", medium: "email" },
  { source: "tiktok", medium: "social" },
  { source: "whatsapp", medium: "message" },
];

/** landing_site values a real store accumulates that are not clean paths. */
export const ODD_LANDING_SITES = [
  "",
  "/?utm_source",
  "%%%",
  "https://[broken",
  "/?utm_source=&utm_medium=email",
  "/?UTM_SOURCE=Pinterest&utm_medium=social#top",
  "/products/?utm_campaign=%E0%A4%A",
];

export const REFERRING_SITES = [
  "https://www.google.com/",
  "https://l.instagram.com/",
  "https://m.facebook.com/",
  "https://www.bing.com/",
  "android-app://com.google.android.gm/",
];
