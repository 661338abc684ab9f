import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Which src/lib folders each src/lib folder may import (docs/architecture.md draws the same
 * arrows). A folder not listed as a key may import any of them (components); routes may import
 * everything. Keep this and the document in step: adding a folder means adding it here.
 */
const ALLOWED_IMPORTS = {
	workout: [],
	ble: ['workout'],
	pwa: [],
	settings: ['workout'],
	db: ['workout'],
	i18n: ['paraglide', 'workout', 'db'],
	participants: ['workout', 'db'],
	app: ['ble', 'db'],
	report: ['workout', 'db', 'settings', 'paraglide', 'app'],
	sync: ['workout', 'db'],
	session: ['workout', 'ble', 'db', 'settings', 'report', 'i18n', 'paraglide', 'app'],
	hubs: ['workout', 'ble', 'db', 'sync', 'session'],
	components: [
		'workout',
		'ble',
		'db',
		'settings',
		'participants',
		'report',
		'session',
		'i18n',
		'paraglide',
		'pwa',
		'app',
		'sync',
		'hubs'
	]
};

/** Packages only some folders may use: the engine stays free of UI and storage libraries. */
const RESTRICTED_PACKAGES = {
	workout: ['svelte', 'svelte/*', '$app/*', 'dexie', 'chart.js', 'chart.js/*']
};

/**
 * One `no-restricted-imports` block per folder: every other src/lib folder it may not import,
 * by `$lib/…` or by a relative path that climbs out of the folder.
 */
function importFence() {
	const folders = Object.keys(ALLOWED_IMPORTS).concat('paraglide');
	return Object.entries(ALLOWED_IMPORTS).map(([folder, allowed]) => {
		const forbidden = folders.filter((f) => f !== folder && !allowed.includes(f));
		return {
			files: [`src/lib/${folder}/**/*.ts`, `src/lib/${folder}/**/*.svelte`],
			// Tests may reach across (a parser to build input, a store helper): the fence is for the app.
			ignores: ['**/*.test.ts'],
			rules: {
				'no-restricted-imports': [
					'error',
					{
						patterns: [
							...forbidden.map((f) => ({
								group: [`$lib/${f}`, `$lib/${f}/*`, `**/lib/${f}/*`, `../${f}`, `../${f}/*`],
								message: `src/lib/${folder} ${allowed.length ? `may import only ${allowed.join(', ')}` : 'imports no other src/lib folder'} (docs/architecture.md).`
							})),
							...(RESTRICTED_PACKAGES[folder] ?? []).map((p) => ({
								group: [p],
								message: `src/lib/${folder} is pure TypeScript (docs/architecture.md).`
							}))
						]
					}
				]
			}
		};
	});
}

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: { 'no-undef': 'off' }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['playwright.config.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// The app is always served from the origin's root (no kit.paths.base), so plain hrefs are right.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	// The engine is pure: no UI, browser or app code (DESIGN.md, docs/architecture.md).
	{
		files: ['src/lib/workout/**/*.ts'],
		rules: {
			'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage']
		}
	},
	// The allowed arrows between the folders of src/lib (docs/architecture.md).
	...importFence(),
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'dev-dist/'
		]
	}
);
