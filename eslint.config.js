// ESLint flat config. Starts from the rules of Shopify's Remix app template (eslint:recommended, react,
// react/jsx-runtime, react-hooks, @typescript-eslint/recommended, import rules) and adds what this codebase
// relies on: promises that are awaited or voided on purpose (type-aware), and one import order. Formatting
// is Prettier's job (`prettier --check .` in `npm run lint`), so no stylistic rules here.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "build-*/",
      ".cache/",
      "test-results/",
      "bench-results/",
      "public/build/",
      "prisma/migrations/",
      "test/fixtures/data/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{js,jsx,ts,tsx,mjs,cjs}"],
    plugins: { react, "react-hooks": reactHooks, "import-x": importX },
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser, shopify: "readonly" },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    settings: {
      react: { version: "detect" },
      formComponents: ["Form"],
      linkComponents: [
        { name: "Link", linkAttribute: "to" },
        { name: "NavLink", linkAttribute: "to" },
      ],
    },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      // as in Shopify's template: App Bridge web components take a `variant` attribute
      "react/no-unknown-property": ["error", { ignore: ["variant"] }],
      // TypeScript checks props; propTypes would repeat it
      "react/prop-types": "off",
      "react-hooks/exhaustive-deps": "error",
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
      "import-x/newline-after-import": "error",
      "import-x/no-self-import": "error",
      "import-x/order": [
        "error",
        {
          groups: ["builtin", "external", "internal", ["parent", "sibling", "index"]],
          pathGroups: [{ pattern: "~/**", group: "internal" }],
          "newlines-between": "never",
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Type-aware rules for the TypeScript sources: a promise nobody awaits loses its error.
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests and the platform simulators read JSON off the wire (GraphQL resolver arguments, webhook and Graph API
    // bodies) and assert on its shape; typing every such body would restate the platform's schema in the test.
    // app/, jobs/, scripts/ and prisma/ keep the rule.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
