export * from './policy';
export * from './holiday-calendar';
