// cheerio declares its `slim` entry only in package.json `exports`, which TypeScript's node10
// resolution (tsconfig.json) does not read; Node and Jest do. Its `load` is the main entry's.
declare module 'cheerio/slim' {
  export { load } from 'cheerio';
}
