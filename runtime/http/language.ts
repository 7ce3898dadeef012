/**
 * The language an answer is written in (issue 12): Swedish when the request's
 * `Accept-Language` prefers it (the designer sends the person's language),
 * else English — what every client that asks for nothing has always read.
 * Codes never change with the language; only `message` texts do.
 */
import type { Context } from 'hono';
import { languageOfHeader, renderMessage, type Message, type MessageLanguage } from '../../shared/i18n/messages.ts';

export function requestLanguage(c: Context): MessageLanguage {
  return languageOfHeader(c.req.header('accept-language'));
}

/** An error's sentence in the request's language: its message (code and parameters) when it has one, else its English text. */
export function localMessage(c: Context, error: { message: string; text?: Message }): string {
  const language = requestLanguage(c);
  return language === 'en' || !error.text ? error.message : renderMessage(language, error.text);
}
