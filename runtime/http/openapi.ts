/** Building blocks the route files share for their OpenAPI definitions. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { apiErrorSchema } from '../../shared/api.ts';
import type { AuthEnv } from './auth.ts';
import { validationError } from './errors.ts';

/**
 * The app every route file declares its routes on (the main app and each domain's sub-app): a request
 * that fails its schema gets the API's 400 naming the fields (`body`, `query`, `param`).
 */
export function apiApp(): OpenAPIHono<AuthEnv> {
  return new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error.issues, result.target === 'json' ? 'body' : result.target);
    },
  });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The answers every company route may give besides its own. */
export const errors = {
  400: json(apiErrorSchema, 'The request is malformed; `issues` name the fields'),
  401: json(apiErrorSchema, 'No session or token'),
  404: json(apiErrorSchema, 'No such company or resource (or no access to it)'),
};

export const companyParams = z.object({ companyId: z.string().min(1).max(64) });
export const automationParams = companyParams.extend({ automationId: z.string().min(1).max(64) });
