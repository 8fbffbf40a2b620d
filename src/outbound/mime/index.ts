export * from './build-mime';
export * from './display-name';
export * from './thread-index';
export * from './mask-addresses';
export * from './size-budget';
