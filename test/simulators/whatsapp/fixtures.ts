// Realistic templates for the demo and tests, shaped as GET message_templates returns them (apis.md A4).
import type { SimTemplate } from "./types";

export function demoTemplates(idPrefix = "17000000000"): SimTemplate[] {
  return [
    {
      id: `${idPrefix}01`,
      name: "spring_sale",
      language: "en_US",
      status: "APPROVED",
      category: "MARKETING",
      parameter_format: "POSITIONAL",
      quality_score: { score: "GREEN" },
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["https://scontent.whatsapp.net/v/spring.jpg"] } },
        {
          type: "BODY",
          text: "Hi {{1}}, everything in our spring collection is {{2}} off until {{3}}.",
          example: { body_text: [["Maria", "20%", "March 31"]] },
        },
        { type: "FOOTER", text: "Reply STOP to opt out" },
        {
          type: "BUTTONS",
          buttons: [
            {
              type: "URL",
              text: "Shop now",
              url: "https://shop.example.com/{{1}}",
              example: ["https://shop.example.com/spring26"],
            },
            { type: "QUICK_REPLY", text: "Stop promotions" },
          ],
        },
      ],
    },
    {
      id: `${idPrefix}02`,
      name: "we_miss_you",
      language: "en",
      status: "APPROVED",
      category: "MARKETING",
      parameter_format: "NAMED",
      quality_score: { score: "GREEN" },
      components: [
        {
          type: "HEADER",
          format: "TEXT",
          text: "We miss you, {{first_name}}",
          example: { header_text_named_params: [{ param_name: "first_name", example: "Maria" }] },
        },
        {
          type: "BODY",
          text: "It has been a while! Here is {{discount}} off your next order at {{shop_name}} with code {{code}}.",
          example: {
            body_text_named_params: [
              { param_name: "discount", example: "15%" },
              { param_name: "shop_name", example: "Green Leaf" },
              { param_name: "code", example: "COMEBACK15" },
            ],
          },
        },
        {
          type: "BUTTONS",
          buttons: [
            { type: "URL", text: "Visit the shop", url: "https://shop.example.com/" },
            { type: "QUICK_REPLY", text: "Stop promotions" },
          ],
        },
      ],
    },
    {
      id: `${idPrefix}03`,
      name: "order_shipped",
      language: "en_US",
      status: "APPROVED",
      category: "UTILITY",
      parameter_format: "POSITIONAL",
      quality_score: { score: "UNKNOWN" },
      components: [
        {
          type: "BODY",
          text: "Hi {{1}}, your order {{2}} is on its way.",
          example: { body_text: [["Maria", "#1042"]] },
        },
      ],
    },
  ];
}
