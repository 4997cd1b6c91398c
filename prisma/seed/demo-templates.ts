// The WhatsApp templates the demo's seeded campaigns used, in Meta's template format. The demo step stores them
// for the shop, and the demo's WhatsApp simulator (test/simulators/whatsapp-main.ts) serves them from its WABA,
// so connecting the number in Settings keeps them on the Templates page instead of marking them deleted.
// Examples are sample values only (Meta requires them); campaigns map every variable to a field.
export interface DemoTemplate {
  id: string;
  name: string;
  language: string;
  status: "APPROVED";
  category: "MARKETING";
  parameter_format: "POSITIONAL";
  quality_score: { score: "GREEN" };
  components: unknown[];
}

function template(
  n: number,
  name: string,
  header: string,
  body: string,
  examples: string[],
  button: string,
): DemoTemplate {
  return {
    id: `1800000000${String(n).padStart(2, "0")}`,
    name,
    language: "en_US",
    status: "APPROVED",
    category: "MARKETING",
    parameter_format: "POSITIONAL",
    quality_score: { score: "GREEN" },
    components: [
      { type: "HEADER", format: "TEXT", text: header },
      { type: "BODY", text: body, example: { body_text: [examples] } },
      { type: "FOOTER", text: "Reply STOP to opt out" },
      {
        type: "BUTTONS",
        buttons: [
          {
            type: "URL",
            text: button,
            url: "https://demo-store.myshopify.com/{{1}}",
            example: ["https://demo-store.myshopify.com/collections/sale"],
          },
          { type: "QUICK_REPLY", text: "Stop promotions" },
        ],
      },
    ],
  };
}

export const DEMO_CAMPAIGN_TEMPLATES: DemoTemplate[] = [
  template(
    1,
    "summer_sale",
    "Summer sale",
    "Hi {{1}}, our summer sale is on: {{2}} off everything with code {{3}} until Sunday.",
    ["Maria", "20%", "SUMMER20"],
    "Shop the sale",
  ),
  template(
    2,
    "win_back",
    "We miss you",
    "Hi {{1}}, it has been a while. Here is {{2}} off your next order with code {{3}}.",
    ["Maria", "15%", "COMEBACK15"],
    "Come back",
  ),
  template(
    3,
    "new_arrivals",
    "Just in",
    "Hi {{1}}, new arrivals picked for you: {{2}} and more, in store now.",
    ["Maria", "Ceramic Mugs"],
    "See what's new",
  ),
  template(
    4,
    "flash_sale",
    "48-hour flash sale",
    "Hi {{1}}, this weekend only: {{2}} off with code {{3}}. Ends Sunday at midnight.",
    ["Maria", "15%", "FLASH15"],
    "Shop now",
  ),
  template(
    5,
    "restock_alert",
    "Back in stock",
    "Good news {{1}}: {{2}} is back in stock. Sizes go fast.",
    ["Maria", "Yoga Mat"],
    "Get yours",
  ),
];
