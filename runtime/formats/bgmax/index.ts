export { parseBgmax } from './parse-bgmax.ts';
export { decodeBgmax, readBgmaxRecords, bgmaxRecordLength, type BgmaxRecord, type BgmaxRecords } from './records.ts';
export * from './model.ts';
