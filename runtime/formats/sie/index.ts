export * from './model.ts';
export { parseSie, type ParseSieOptions, type ParseSieResult } from './parse-sie.ts';
export { writeSie, writeSieReport, checksumOfLines, type WriteSieOptions, type WriteSieReport } from './write-sie.ts';
export { detectSieEncoding, decodeSie, encodeCp437, type EncodingDetection } from './encoding.ts';
export { parseSieAmount, formatSieAmount, parseSieDate, formatSieDate } from './amount.ts';
export { crc32 } from './crc32.ts';
export { voucherSumMinor } from './voucher-sum.ts';
