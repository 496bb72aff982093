import { Injectable, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { DirectRoute } from './direct-route';
import { DIRECT_ROUTES } from './direct-routes';
import { ROUTE_SPEC, type RouteSpec } from './route-spec';

/** One HTTP route of the app, as Nest registered it. */
export interface RegisteredRoute {
  /** Upper case, e.g. GET. */
  method: string;
  /** With OpenAPI-style parameters: /exchange-accounts/{id}. */
  path: string;
  /** The success status (from @HttpCode, else Nest's default). */
  status: number;
  /** Absent for routes without @Route (the health probes of service-kit). */
  spec?: RouteSpec;
  operationId: string;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : ''];

export function joinPath(...parts: string[]): string {
  const joined = `/${parts.filter(Boolean).join('/')}`.replace(/\/+/g, '/');
  const trimmed = joined.length > 1 ? joined.replace(/\/$/, '') : joined;
  return trimmed.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const documented = ({ method, path, spec, operationId }: DirectRoute): RegisteredRoute => ({
  method,
  path: joinPath(path),
  status: 200,
  spec,
  operationId,
});

/**
 * Every controller route with its {@link RouteSpec}, found through Nest's own metadata, and the
 * routes Fastify serves directly (DIRECT_ROUTES).
 */
@Injectable()
export class RouteRegistry {
  private cached?: RegisteredRoute[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  routes(): RegisteredRoute[] {
    this.cached ??= [...this.controllerRoutes(), ...DIRECT_ROUTES.map(documented)];
    return this.cached;
  }

  private controllerRoutes(): RegisteredRoute[] {
    return this.discovery.getControllers().flatMap(({ metatype, instance }) => {
      if (!metatype || !instance) return [];
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const controller = metatype.name.replace(/Controller$/, '');
      return asList(Reflect.getMetadata(PATH_METADATA, metatype)).flatMap((base) =>
        this.scanner.getAllMethodNames(prototype).flatMap((name) => {
          const handler = prototype[name] as object;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method === undefined) return [];
          const verb = RequestMethod[method];
          return asList(Reflect.getMetadata(PATH_METADATA, handler)).map((path) => ({
            method: verb,
            path: joinPath(base, path),
            status:
              (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
              (verb === 'POST' ? 201 : 200),
            spec: Reflect.getMetadata(ROUTE_SPEC, handler) as RouteSpec | undefined,
            operationId: `${controller.charAt(0).toLowerCase()}${controller.slice(1)}.${name}`,
          }));
        }),
      );
    });
  }
}
