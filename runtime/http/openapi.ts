/** Building blocks the route files share for their OpenAPI definitions. */
import { z } from 'zod';
import { apiErrorSchema } from '../../shared/api.ts';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The answers every company route may give besides its own. */
export const errors = {
  400: json(apiErrorSchema, 'The request is malformed; `issues` name the fields'),
  401: json(apiErrorSchema, 'No session or token'),
  404: json(apiErrorSchema, 'No such company or resource (or no access to it)'),
};

export const companyParams = z.object({ companyId: z.string().min(1).max(64) });
export const automationParams = companyParams.extend({ automationId: z.string().min(1).max(64) });
