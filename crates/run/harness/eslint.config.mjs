// ESLint configuration iacgrade's run stage uses for a project that brings none:
// the recommended rules of ESLint and typescript-eslint, nothing stricter.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdk.out/**", "cdktf.out/**", "coverage/**", "dist/**", "eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly", module: "writable", process: "readonly", console: "readonly",
        __dirname: "readonly", describe: "readonly", test: "readonly", it: "readonly",
        expect: "readonly", beforeAll: "readonly", afterAll: "readonly",
        beforeEach: "readonly", afterEach: "readonly", jest: "readonly",
      },
    },
  },
);
