// The table lives with the shared rules (documents and services name counties from it too).
export { JIANGMEN_COUNTIES } from '@app/rules';
