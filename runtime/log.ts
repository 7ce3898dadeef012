/**
 * Structured JSON logs (pino) on stdout: one line per event, with run and
 * event ids, ready for any log collector. LOG_LEVEL sets the level (info by
 * default; silent under Vitest unless LOG_LEVEL says otherwise).
 */
import { pino } from 'pino';
import type { Logger } from './engine/types.ts';

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { service: 'kontera', pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
});

/** The engine's and runner's Logger, backed by pino. */
export const runtimeLogger: Logger = {
  info: (message, fields) => log.info(fields ?? {}, message),
  warn: (message, fields) => log.warn(fields ?? {}, message),
};
