// Bundles one app into dist/apps/<app>/main.js with webpack + SWC (legacy decorators with
// metadata, which Nest's dependency injection and TypeORM need). Workspace libs
// (@platform/*) are bundled from source; packages from node_modules stay external and are
// required at run time. Type errors are the `typecheck` target's job, not this one's.
//   node tools/build/build-app.cjs <app>
const { join, resolve } = require('node:path');
const webpack = require('webpack');

const root = resolve(__dirname, '..', '..');
const app = process.argv[2];
if (!app) {
  console.error('usage: node tools/build/build-app.cjs <app>');
  process.exit(2);
}

const { paths } = require(join(root, 'tsconfig.base.json')).compilerOptions;
const alias = Object.fromEntries(Object.entries(paths).map(([name, [target]]) => [name, join(root, target)]));
const isWorkspaceOrRelative = (request) => request.startsWith('.') || request.startsWith('/') || request in alias;

const config = {
  mode: 'none',
  target: 'node20',
  context: root,
  entry: join(root, 'apps', app, 'src', 'main.ts'),
  output: { path: join(root, 'dist', 'apps', app), filename: 'main.js', library: { type: 'commonjs2' }, clean: true },
  devtool: 'source-map',
  resolve: { extensions: ['.ts', '.js', '.json'], alias },
  externals: [({ request }, callback) => (isWorkspaceOrRelative(request) ? callback() : callback(null, `commonjs ${request}`))],
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', decorators: true },
              transform: { legacyDecorator: true, decoratorMetadata: true },
              target: 'es2022',
              keepClassNames: true,
            },
            sourceMaps: true,
          },
        },
      },
    ],
  },
  optimization: { minimize: false, nodeEnv: false },
  node: { __dirname: false, __filename: false },
  stats: 'errors-warnings',
};

webpack(config, (error, stats) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const output = stats.toString({ colors: false, preset: 'errors-warnings' });
  if (output.trim()) console.log(output);
  if (stats.hasErrors()) process.exit(1);
  console.log(`built dist/apps/${app}/main.js in ${stats.endTime - stats.startTime} ms`);
});
