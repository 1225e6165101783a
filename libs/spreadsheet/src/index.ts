export * from './spreadsheet';
export * from './import-rows';
