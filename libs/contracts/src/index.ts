export * from './define-event';
export * from './registry';
export * from './staffing.events';
export * from './rotation.events';
export * from './scheduler.events';
export * from './training.events';
export * from './subsidies.events';
