import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SecretOnce, secretStorageText } from './parts.tsx';

const render = (storage: string) => renderToStaticMarkup(createElement(SecretOnce, { label: 'Secret', secret: 'whsec_x', testId: 's', storage }));

describe('a secret shown once says how Kontera keeps it', () => {
  it('a webhook signing secret: encrypted with the server key, not "only a hash" (a signing secret cannot be hashed)', () => {
    const html = render(secretStorageText.webhookSecret);
    expect(html).toContain("Kontera stores it encrypted (AES-256-GCM) with the server&#x27;s secret key; rotate it if it leaks.");
    expect(html).not.toMatch(/hash/i);
  });

  it('an API token: only its hash', () => {
    expect(render(secretStorageText.apiToken)).toContain('Kontera stores only a hash (SHA-256) of it; if it is lost, create a new one.');
  });
});
