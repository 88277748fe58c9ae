import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SRC = path.resolve(import.meta.dirname, 'src');

/** `features/<name>/<rest>` for a path under src/features, else null. */
function featureOf(relative) {
  const parts = relative.split(path.sep);
  if (parts[0] !== 'features' || parts.length < 2) return null;
  return { name: parts[1], rest: parts.slice(2).join('/') };
}

/**
 * Feature boundaries (bulletproof-react): a feature is `src/features/<name>/`, and what other code
 * may use of it is its public entry `index.ts`. Shared code lives in `src/components` and `src/lib`
 * (plus the generated `src/bindings`), which never import a feature.
 */
const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "No import of another feature's internals; only its index.ts." },
    schema: [],
    messages: {
      internals:
        "'{{source}}' reaches into feature '{{target}}'. Import its public entry ('features/{{target}}', i.e. index.ts), or move shared code to src/components or src/lib.",
      shared:
        "'{{source}}': src/{{layer}} is shared by every feature and must not import feature '{{target}}'.",
    },
  },
  create(context) {
    const file = path.relative(SRC, context.filename);
    if (file.startsWith('..')) return {};
    const from = featureOf(file);
    const layer = file.split(path.sep)[0];
    const check = (node) => {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = featureOf(path.relative(SRC, path.resolve(path.dirname(context.filename), source)));
      if (target === null) return;
      if (layer === 'lib' || layer === 'components' || layer === 'bindings') {
        context.report({ node, messageId: 'shared', data: { source, layer, target: target.name } });
        return;
      }
      if (from !== null && from.name === target.name) return;
      if (target.rest === '' || /^index(\.tsx?)?$/.test(target.rest)) return;
      context.report({ node, messageId: 'internals', data: { source, target: target.name } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src-tauri', 'test-output', 'src/bindings'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, kasir: { rules: { 'feature-boundaries': featureBoundaries } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      'kasir/feature-boundaries': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tauri-apps/*'],
              message: 'Only src/lib/ipc.ts talks to Tauri; import from there.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/ipc.ts', 'src/test/**', 'src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['e2e/**/*.mjs', '*.js', 'scripts/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.node },
  },
);
