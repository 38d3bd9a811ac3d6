// ESLint for the whole tree: JavaScript's and typescript-eslint's recommended rules, React's hook rules for
// the app. Formatting is Prettier's job (`npm run format:check`), layering dependency-cruiser's
// (.dependency-cruiser.cjs), unused files and exports knip's (knip.json).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'smoke-report/', 'screenshots/', 'bench/out/', 'bench/.cache/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a value left out on purpose (e.g. `const { [id]: _removed, ...rest } = map`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The two classic hook rules. The plugin's React Compiler rules (refs, purity, …) are left out: the app
    // is not compiled with the React Compiler, and its ref-in-render patterns are deliberate.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
