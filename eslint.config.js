import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'node_modules/', '.data/', 'test-results/', 'playwright-report/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    // React's rules apply to the UI only (Playwright fixtures also call a `use`).
    files: ['app/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Arrows run one way: app → server → db, with search/ beside server/.
    // The domain and the data layer never reach into the UI.
    files: ['server/**', 'search/**', 'db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+app(/|$)', message: 'server/, search/ and db/ never import from app/ (arrows run app → server → db).' },
            { regex: '^~/', message: 'server/, search/ and db/ never import from app/ (the ~/ alias is the UI).' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**', 'server/**', 'search/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]",
          message: 'Only db/ builds SQL: call a repository function from db/repos instead.',
        },
      ],
    },
  },
)
