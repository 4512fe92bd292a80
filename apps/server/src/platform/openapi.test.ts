import { describe, expect, it } from 'vitest';
import { completeOpenApiDocument, operationIdOf } from './openapi';

describe('the OpenAPI document, completed for every route', () => {
  it('derives operationIds from the method and the path', () => {
    expect(operationIdOf('get', '/api/console/review-items/{id}')).toBe('getConsoleReviewItemsById');
    expect(operationIdOf('post', '/api/console/review-items/batch-approve')).toBe('postConsoleReviewItemsBatchApprove');
    expect(operationIdOf('put', '/api/exams/{examId}/provinces/{provinceId}')).toBe('putExamsByExamIdProvincesByProvinceId');
    expect(operationIdOf('delete', '/api/sandbox/clock')).toBe('deleteSandboxClock');
  });

  it('asks the session of a new route by default, opens the public doors, adds the AppError answers, keeps what a route said', () => {
    const doc = completeOpenApiDocument({
      openapiObject: {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/api/brand-new/{id}': { get: { responses: { 200: { description: 'ok' } } } },
          '/api/health': { get: { responses: { 200: { description: 'ok' } } } },
          '/api/sandbox/anything': { post: { responses: { 204: { description: 'done' } } } },
          '/api/own': { post: { operationId: 'mine', summary: '自己的', security: [], responses: { 409: { description: 'conflict' } } } },
        },
      },
    }) as any;
    const fresh = doc.paths['/api/brand-new/{id}'].get;
    expect(fresh).toMatchObject({ operationId: 'getBrandNewById', summary: 'GET /api/brand-new/{id}', security: [{ session: [] }] });
    expect(fresh.responses['4XX']).toEqual({ $ref: '#/components/responses/AppError' });
    expect(fresh.responses['5XX']).toEqual({ $ref: '#/components/responses/ServerError' });
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/sandbox/anything'].post.security).toEqual([]);
    const own = doc.paths['/api/own'].post;
    expect(own).toMatchObject({ operationId: 'mine', summary: '自己的', security: [] });
    // A route that documents a 4xx of its own keeps it and gets no 4XX beside it.
    expect(own.responses['4XX']).toBeUndefined();
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ausm_sid' });
    expect(doc.components.schemas.AppError.required).toEqual(['code', 'message']);
    expect(doc.servers).toHaveLength(1);
  });
});
